import pytest

from accounts.models import PersonCategory, User
from accounts.services import AccountError, user_profile_update
from tests.accounts.factories import make_enterprise, make_user, valid_id_number

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"


def _form(**overrides):
    data = {
        "real_name": "张三",
        "id_number": VALID_ID,
        "phone": "13800138000",
        "person_category": PersonCategory.SPECIAL_OPERATOR,
        "enterprise": "",
    }
    data.update(overrides)
    return data


def test_valid_profile_saves_and_id_number_is_shown_masked(client):
    enterprise = make_enterprise("云梦县安泰化工有限公司")
    user = make_user("learner")
    client.force_login(user)
    data = _form(enterprise=enterprise.credit_code, id_number="11010519491231002x")
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.real_name, user.id_number, user.phone) == ("张三", VALID_ID, "13800138000")
    assert user.person_category == PersonCategory.SPECIAL_OPERATOR
    assert user.enterprise == enterprise
    page = client.get("/accounts/profile/").content.decode()
    assert "1101************2X" in page
    assert VALID_ID not in page
    assert "个人资料已保存" in page
    # The edit form shows the full number so it can be corrected.
    assert VALID_ID in client.get("/accounts/profile/?edit=1").content.decode()


def test_employer_can_be_chosen_by_exact_name(client):
    enterprise = make_enterprise("云梦县宏达建材有限公司")
    user = make_user("learner")
    client.force_login(user)
    assert client.post("/accounts/profile/", _form(enterprise="云梦县宏达建材有限公司")).status_code == 302
    user.refresh_from_db()
    assert user.enterprise == enterprise


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "110105194912310021", "校验位不正确"),
        ("id_number", "1101051949", "应为18位"),
        ("phone", "12345678", "请输入11位中国大陆手机号码"),
        ("enterprise", "不存在的企业", "没有找到名称或统一社会信用代码"),
    ],
)
def test_invalid_input_is_refused_per_field_and_nothing_is_saved(client, field, value, message):
    user = make_user("learner", real_name="原名")
    client.force_login(user)
    response = client.post("/accounts/profile/", _form(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_errors"' in html
    assert f'aria-describedby="id_{field}_help id_{field}_errors"' in html or f"id_{field}_errors" in html
    user.refresh_from_db()
    assert user.real_name == "原名"
    assert user.id_number == ""
    assert user.phone is None


def test_phone_or_id_number_of_another_account_is_refused(client):
    make_user("first", phone="13800138000", id_number=VALID_ID)
    user = make_user("second")
    client.force_login(user)
    response = client.post("/accounts/profile/", _form())
    html = response.content.decode()
    assert response.status_code == 200
    assert "该手机号码已被其他账户使用" in html
    assert "该居民身份证号码已被其他账户登记" in html
    user.refresh_from_db()
    assert user.real_name == ""


def test_service_refuses_bad_id_number_without_saving():
    user = make_user("learner")
    with pytest.raises(AccountError) as info:
        user_profile_update(
            user=user,
            real_name="李四",
            id_number="11010519491231002Y",
            phone="13800138000",
            person_category=PersonCategory.OTHER,
            enterprise=None,
        )
    assert "id_number" in info.value.errors
    assert User.objects.get(pk=user.pk).real_name == ""


def test_clearing_phone_stores_null_and_changing_it_drops_verification():
    user = make_user("learner", phone="13800138000", phone_verified=True)
    user_profile_update(
        user=user, real_name="", id_number="", phone="13900139000", person_category="other", enterprise=None
    )
    user.refresh_from_db()
    assert (user.phone, user.phone_verified) == ("13900139000", False)
    user_profile_update(user=user, real_name="", id_number="", phone="", person_category="other", enterprise=None)
    user.refresh_from_db()
    assert user.phone is None


def test_profile_requires_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_profile_page_query_budget(client, django_assert_max_num_queries):
    user = make_user("learner", id_number=valid_id_number(), enterprise=make_enterprise())
    client.force_login(user)
    with django_assert_max_num_queries(10):
        assert client.get("/accounts/profile/").status_code == 200


def test_edit_form_suggests_registered_enterprises(client):
    make_enterprise("云梦县宏达建材有限公司")
    client.force_login(make_user("learner"))
    html = client.get("/accounts/profile/?edit=1").content.decode()
    assert 'list="enterprise-names"' in html
    assert '<option value="云梦县宏达建材有限公司">' in html


def test_enterprise_admin_cannot_move_themselves_to_another_enterprise(client):
    # Their profile's employer decides whose staff they see and enrol: switching it would open another company.
    mine = make_enterprise("云梦县安泰化工有限公司")
    theirs = make_enterprise("云梦县宏达建材有限公司")
    admin = make_user("boss", groups=("企业安全管理员",), enterprise=mine)
    with pytest.raises(AccountError, match="企业安全管理员不能自行更改工作单位"):
        user_profile_update(
            user=admin, real_name="", id_number="", phone="", person_category="other", enterprise=theirs
        )
    admin.refresh_from_db()
    assert admin.enterprise == mine
    # The page does not offer the change: the field is read-only and a forged value is ignored,
    # while the rest of the profile still saves.
    client.force_login(admin)
    edit_page = client.get("/accounts/profile/?edit=1").content.decode()
    assert "企业安全管理员的工作单位由应急管理局设置" in edit_page
    enterprise_input = next(tag for tag in edit_page.split("<input")[1:] if 'name="enterprise"' in tag)
    assert "disabled" in enterprise_input.split(">")[0]
    assert client.post("/accounts/profile/", _form(enterprise=theirs.credit_code)).status_code == 302
    admin.refresh_from_db()
    assert (admin.enterprise, admin.real_name) == (mine, "张三")
    assert client.get("/accounts/enterprise/").context["enterprise"] == mine


def test_enterprise_admin_without_an_employer_cannot_pick_one_themselves():
    admin = make_user("lonely_admin", groups=("企业安全管理员",))
    with pytest.raises(AccountError) as raised:
        user_profile_update(
            user=admin, real_name="", id_number="", phone="", person_category="other", enterprise=make_enterprise()
        )
    assert "enterprise" in raised.value.errors
    admin.refresh_from_db()
    assert admin.enterprise is None


def test_person_sets_and_clears_their_safety_role(client):
    user = make_user("leader")
    client.force_login(user)
    assert client.post("/accounts/profile/", _form(safety_role="team_leader")).status_code == 302
    user.refresh_from_db()
    assert user.safety_role == "team_leader"
    assert "班组长" in client.get("/accounts/profile/").content.decode()
    response = client.post("/accounts/profile/", _form(safety_role="boss"))
    assert response.status_code == 200
    assert 'id="id_safety_role_errors"' in response.content.decode()
    user.refresh_from_db()
    assert user.safety_role == "team_leader"
    client.post("/accounts/profile/", _form(safety_role=""))
    user.refresh_from_db()
    assert user.safety_role == ""
    assert "不属于三类人员" in client.get("/accounts/profile/").content.decode()


def test_the_service_refuses_an_unknown_safety_role():
    user = make_user("leader")
    with pytest.raises(AccountError) as raised:
        user_profile_update(
            user=user,
            real_name="张三",
            id_number="",
            phone=None,
            person_category=PersonCategory.OTHER,
            enterprise=None,
            safety_role="boss",
        )
    assert raised.value.field == "safety_role"
