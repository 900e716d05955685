import datetime

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.utils import timezone

from tests.accounts.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db

ADMIN_PATHS = ["/admin/", "/admin/pages/", "/admin/images/", "/admin/snippets/", "/admin/account/"]


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _login(client, email: str):
    return client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})


def _confirm_password(client):
    """allauth asks for the password again before adding an authenticator."""
    response = client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("group", ["举报受理员", "奖励审批人"])
def test_member_without_totp_is_kept_out_of_every_admin_url(client, group):
    make_user("handler", groups=(group,))
    assert _login(client, "handler@example.cn").status_code == 302
    for path in ADMIN_PATHS:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/totp/activate/"), path
    # The way out stays open.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(response["Location"]).status_code == 200
    _confirm_password(client)
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


# Transactional: allauth reports the new authenticator on commit, inside the request, as in production.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("group", ["举报受理员", "奖励审批人"])
def test_member_sets_up_totp_then_must_give_the_code_at_every_login(client, group):
    user = make_user("handler", groups=(group,))
    _login(client, "handler@example.cn")
    _confirm_password(client)
    response = client.get("/accounts/2fa/totp/activate/?next=/admin/")
    secret = response.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200

    client.post("/accounts/logout/")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        response = _login(client, "handler@example.cn")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/authenticate/")
        # Password alone is not a session.
        assert "_auth_user_id" not in client.session
        assert client.get("/admin/").status_code == 302
        response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert "_auth_user_id" not in client.session
        response = client.post("/accounts/2fa/authenticate/", {"code": _code(secret)})
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200


def test_password_only_login_through_wagtail_form_still_needs_the_code(client):
    user = make_user("approver", groups=("奖励审批人",))
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.post("/admin/login/", {"username": "approver", "password": TEST_PASSWORD})
    assert "_auth_user_id" in client.session
    for path in ADMIN_PATHS:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/"), path
    response = client.post("/accounts/2fa/reauthenticate/", {"code": _code("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_other_staff_reach_admin_without_mfa(client):
    make_user("editor", groups=("宣教编辑",))
    _login(client, "editor@example.cn")
    assert client.get("/admin/").status_code == 200


def test_learner_can_set_up_totp_too(client):
    make_user("learner")
    _login(client, "learner@example.cn")
    _confirm_password(client)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    secret = response.context["form"].secret
    assert client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)}).status_code == 302
    page = client.get("/accounts/profile/").content.decode()
    assert "已启用" in page
    assert client.get("/accounts/2fa/recovery-codes/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_forced_set_up_explains_each_step_and_returns_to_the_admin(client):
    make_user("handler", groups=("举报受理员",))
    _login(client, "handler@example.cn")
    response = client.get("/admin/", follow=True)
    # Password again, saying why.
    assert "/accounts/reauthenticate/" in response.redirect_chain[-1][0]
    assert "请再输入一次登录密码" in response.content.decode()
    response = client.post(response.redirect_chain[-1][0], {"password": TEST_PASSWORD}, follow=True)
    html = response.content.decode()
    assert "身份验证器" in html and "Microsoft Authenticator" in html
    assert 'name="next" value="/admin/"' in html
    secret = response.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret), "next": "/admin/"})
    assert response["Location"] == "/accounts/2fa/recovery-codes/?next=%2Fadmin%2F"
    html = client.get(response["Location"]).content.decode()
    assert "恢复码" in html and "手机丢失" in html and 'href="/admin/"' in html
    assert client.get("/admin/").status_code == 200


def test_a_foreign_next_is_ignored(client):
    make_user("learner")
    _login(client, "learner@example.cn")
    _confirm_password(client)
    html = client.get("/accounts/2fa/totp/activate/?next=https://evil.example/").content.decode()
    assert '<input type="hidden" name="next" value="https://evil' not in html
