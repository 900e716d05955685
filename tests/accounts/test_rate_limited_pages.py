"""Every allauth rate limit answers with the Chinese 429 page, never a server error (issue 10)."""

import re

import pytest

from tests.accounts.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db


def assert_chinese_429(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert "操作过于频繁" in html and 'class="site-header"' in html
    assert "Too Many Requests" not in html


def test_a_second_login_within_30_seconds_with_an_unverified_phone_is_a_page_not_a_500(client, settings):
    settings.ACCOUNT_PHONE_VERIFICATION_ENABLED = True
    make_user("unverified", phone="13812341234", phone_verified=False)
    client.raise_request_exception = False
    response = client.post("/accounts/login/", {"login": "13812341234", "password": TEST_PASSWORD})
    assert response.status_code == 302 and "/accounts/phone/verify/" in response["Location"]
    client.cookies.clear()  # the same person again, e.g. from another tab or after closing the browser
    response = client.post("/accounts/login/", {"login": "13812341234", "password": TEST_PASSWORD})
    assert_chinese_429(response)
    assert "30 秒内只能获取一次" in response.content.decode()


def _limit(settings, action, rate):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, action: rate}


def _post_twice(client, path, data):
    client.post(path, data)
    return client.post(path, data)


def test_login_limit(client, settings):
    _limit(settings, "login", "1/m/ip")
    make_user("someone")
    assert_chinese_429(_post_twice(client, "/accounts/login/", {"login": "someone@example.cn", "password": "x"}))


def test_signup_limit(client, settings):
    _limit(settings, "signup", "1/m/ip")
    data = {"email": "a@example.cn", "password1": "Yunmeng-2025!", "password2": "Yunmeng-2025!"}
    client.post("/accounts/signup/", data)
    client.logout()
    assert_chinese_429(client.post("/accounts/signup/", {**data, "email": "b@example.cn"}))


def test_password_reset_limit(client, settings):
    _limit(settings, "reset_password", "1/m/ip")
    assert_chinese_429(_post_twice(client, "/accounts/password/reset/", {"email": "nobody@example.cn"}))


@pytest.mark.parametrize(
    ("action", "path", "data"),
    [
        ("change_password", "/accounts/password/change/", {"oldpassword": "x", "password1": "y", "password2": "y"}),
        ("manage_email", "/accounts/email/", {"email": "new@example.cn", "action_add": "1"}),
        ("reauthenticate", "/accounts/reauthenticate/", {"password": "wrong"}),
    ],
)
def test_signed_in_limits(client, settings, action, path, data):
    _limit(settings, action, "1/m/user")
    client.force_login(make_user("member"))
    assert_chinese_429(_post_twice(client, path, data))


def test_phone_verification_resend_within_30_seconds_says_so_in_chinese(client, settings):
    settings.ACCOUNT_PHONE_VERIFICATION_ENABLED = True
    make_user("unverified", phone="13812341234", phone_verified=False)
    client.post("/accounts/login/", {"login": "13812341234", "password": TEST_PASSWORD})
    response = client.post("/accounts/phone/verify/", {"action": "resend"}, follow=True)
    assert response.status_code in (200, 429)
    assert re.search("[\u4e00-\u9fff]", response.content.decode())
