import pytest

from accounts.models import Enterprise, Industry, Town
from accounts.services import AccountError, enterprise_create, enterprise_update
from tests.accounts.factories import make_enterprise, make_user, valid_credit_code

pytestmark = pytest.mark.django_db


def test_enterprise_create_validates_credit_code_in_chinese():
    town = Town.objects.get(code="chengguan")
    with pytest.raises(AccountError) as info:
        enterprise_create(name="坏代码公司", credit_code="91350100M000100Y44", town=town)
    assert "校验位不正确" in info.value.errors["credit_code"][0]
    assert not Enterprise.objects.exists()
    enterprise = enterprise_create(name="好公司", credit_code=" 91350100m000100y43 ", town=town)
    assert enterprise.credit_code == "91350100M000100Y43"


def test_coal_mines_are_an_industry():
    enterprise = make_enterprise("云梦县某煤矿", industry=Industry.COAL_MINE)
    enterprise.refresh_from_db()
    assert enterprise.industry == "coal_mine"
    assert enterprise.get_industry_display() == "煤矿"


def test_enterprise_credit_code_is_unique_with_a_clear_message():
    code = valid_credit_code()
    make_enterprise("甲公司", credit_code=code)
    with pytest.raises(AccountError) as info:
        make_enterprise("乙公司", credit_code=code)
    assert "已有企业使用该统一社会信用代码" in info.value.message


def test_enterprise_update_all_or_nothing():
    enterprise = make_enterprise("原名公司")
    with pytest.raises(AccountError):
        enterprise_update(
            enterprise=enterprise,
            name="新名公司",
            credit_code="123",
            industry=Industry.OTHER,
            town=enterprise.town,
        )
    enterprise.refresh_from_db()
    assert enterprise.name == "原名公司"
    enterprise_update(
        enterprise=enterprise,
        name="新名公司",
        credit_code=enterprise.credit_code,
        industry=Industry.FIREWORKS,
        town=Town.objects.get(code="yitang"),
    )
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.industry, enterprise.town.code) == ("新名公司", "fireworks", "yitang")


def _admin_of(enterprise, username="safety_admin"):
    return make_user(username, groups=("企业安全管理员",), enterprise=enterprise)


def test_enterprise_admin_sees_staff_with_person_category(client, django_assert_max_num_queries):
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    make_user("worker1", real_name="电工甲", person_category="special_operator", enterprise=enterprise)
    make_user(
        "worker2",
        real_name="安全员乙",
        person_category="safety_manager",
        safety_role="full_time_manager",
        enterprise=enterprise,
    )
    make_user("outsider", real_name="外单位丙", enterprise=make_enterprise("别的公司"))
    client.force_login(admin)
    with django_assert_max_num_queries(10):
        response = client.get("/accounts/enterprise/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "电工甲" in html and "特种作业人员" in html
    assert "安全员乙" in html and "安全生产管理人员" in html and "专职安全管理人员" in html
    assert "外单位丙" not in html


def test_staff_page_is_only_for_enterprise_admins(client):
    enterprise = make_enterprise()
    client.force_login(make_user("worker", enterprise=enterprise))
    assert client.get("/accounts/enterprise/").status_code == 403
    # In the group but without an enterprise on the profile: nothing to manage.
    client.force_login(make_user("lonely_admin", groups=("企业安全管理员",)))
    assert client.get("/accounts/enterprise/").status_code == 403


def test_wagtail_admin_lists_and_filters_enterprises(client):
    make_enterprise("城关化工", town=Town.objects.get(code="chengguan"))
    make_enterprise("义堂建材", town=Town.objects.get(code="yitang"), industry=Industry.OTHER)
    training_admin = make_user("trainer", groups=("培训管理员",))
    client.force_login(training_admin)
    response = client.get("/admin/accounts/enterprise/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "城关化工" in html and "义堂建材" in html
    town = Town.objects.get(code="yitang")
    html = client.get(f"/admin/accounts/enterprise/?town={town.pk}").content.decode()
    assert "义堂建材" in html and "城关化工" not in html
    html = client.get("/admin/accounts/enterprise/?q=城关").content.decode()
    assert "城关化工" in html and "义堂建材" not in html


def test_wagtail_admin_create_goes_through_the_service_and_refuses_bad_codes(client):
    client.force_login(make_user("trainer", groups=("培训管理员",)))
    town = Town.objects.get(code="wupu")
    data = {"name": "吴铺烟花", "credit_code": "91350100M000100Y44", "industry": "fireworks", "town": town.pk}
    response = client.post("/admin/accounts/enterprise/new/", data)
    assert response.status_code == 200
    assert "校验位不正确" in response.content.decode()
    data["credit_code"] = "91350100M000100Y43"
    response = client.post("/admin/accounts/enterprise/new/", data)
    assert response.status_code == 302
    from edu_platform.audit import audit_entries_for

    enterprise = Enterprise.objects.get(name="吴铺烟花")
    assert [entry.action for entry in audit_entries_for(enterprise)] == ["accounts.enterprise.created"]


def test_exam_admin_may_view_but_not_add_enterprises(client):
    client.force_login(make_user("examiner", groups=("考务管理员",)))
    assert client.get("/admin/accounts/enterprise/").status_code == 200
    assert client.get("/admin/accounts/enterprise/new/").status_code in (302, 403)


def test_town_admin_saves_through_the_service(client):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    assert client.get("/admin/accounts/town/").status_code == 200
    response = client.post("/admin/accounts/town/new/", {"name": "测试园区", "code": "ceshi", "sort_order": 20})
    assert response.status_code == 302
    town = Town.objects.get(code="ceshi")
    from edu_platform.audit import audit_entries_for

    assert [entry.action for entry in audit_entries_for(town)] == ["accounts.town.saved"]
    # Names are unique: a second 测试园区 is refused with the form shown again.
    response = client.post("/admin/accounts/town/new/", {"name": "测试园区", "code": "ceshi2", "sort_order": 21})
    assert response.status_code == 200
    assert not Town.objects.filter(code="ceshi2").exists()


def test_training_admin_cannot_edit_towns(client):
    client.force_login(make_user("trainer", groups=("培训管理员",)))
    assert client.get("/admin/accounts/town/").status_code == 200
    assert client.get("/admin/accounts/town/new/").status_code in (302, 403)


def test_admin_listings_cost_the_same_whatever_their_length(client, django_assert_max_num_queries):
    from tests.accounts.factories import town as make_town

    towns = [make_town(f"budget{n}") for n in range(5)]
    for n in range(30):
        make_enterprise(f"预算测试企业{n:02d}", town=towns[n % 5])
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    with django_assert_max_num_queries(20):
        response = client.get("/admin/accounts/enterprise/")
    assert response.status_code == 200 and response.content.decode().count("预算测试企业") >= 30
    with django_assert_max_num_queries(20):
        assert client.get("/admin/accounts/town/").status_code == 200
