"""allauth's pages wear the site shell: our header and CSS, one <h1>, Chinese text, labelled inputs."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from tests.accounts.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db

ANONYMOUS = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-bad-key/",
]
SIGNED_IN = [
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/reauthenticate/",
]
WITH_TOTP = [
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/totp/deactivate/",
]


def assert_in_shell(response):
    html = response.content.decode()
    assert response.status_code == 200, response.request["PATH_INFO"]
    assert 'class="site-header"' in html
    assert 'lang="zh-Hans"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    for input_id in re.findall(r'<input[^>]*type="(?:text|email|password|tel)"[^>]*id="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id


@pytest.mark.parametrize("path", ANONYMOUS)
def test_anonymous_pages(client, path):
    assert_in_shell(client.get(path, follow=True))


def _signed_in(client, *, totp=False):
    user = make_user("member")
    if totp:
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        RecoveryCodes.activate(user)
    client.post("/accounts/login/", {"login": "member@example.cn", "password": TEST_PASSWORD})
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    return user


@pytest.mark.parametrize("path", SIGNED_IN)
def test_signed_in_pages(client, path):
    _signed_in(client)
    assert_in_shell(client.get(path, follow=True))


@pytest.mark.parametrize("path", WITH_TOTP)
def test_pages_for_people_with_totp(client, path):
    _signed_in(client, totp=True)
    assert_in_shell(client.get(path, follow=True))


def test_phone_verification_page_when_verification_is_on(client, settings, django_capture_on_commit_callbacks):
    settings.ACCOUNT_PHONE_VERIFICATION_ENABLED = True
    from accounts.sms import LocmemSMSBackend

    LocmemSMSBackend.outbox.clear()
    # The code goes out from a background task after the sign-up commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "verify@example.cn",
                "phone": "13812341234",
                "password1": "Yunmeng-2025!",
                "password2": "Yunmeng-2025!",
            },
            follow=True,
        )
    assert_in_shell(response)
    assert "/accounts/phone/verify/" in response.redirect_chain[-1][0]
    phone, message = LocmemSMSBackend.outbox[-1]
    assert phone == "13812341234"
    code = re.search(r"验证码是 (\S+)，", message).group(1)
    response = client.post("/accounts/phone/verify/", {"code": code})
    assert response.status_code == 302
    from accounts.models import User

    user = User.objects.get(email="verify@example.cn")
    assert (user.phone, user.phone_verified) == ("13812341234", True)
