"""Account e-mails are in Chinese and name the site, never the request's host (issue 13)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db
SITE = "云梦应急宣教与考培平台"


def _assert_chinese_and_named(message, host):
    text = message.subject + message.body
    assert message.subject.startswith(f"【{SITE}】")
    assert SITE in message.body
    assert "Hello" not in text and "Thank you" not in text
    assert host not in message.subject and f"来自{host}" not in message.body


def test_signup_confirmation_mail(client):
    client.post(
        "/accounts/signup/",
        {"phone": "13600136000", "email": "new@example.cn", "password1": "Yunmeng-2025!", "password2": "Yunmeng-2025!"},
        HTTP_HOST="127.0.0.1:8801",
    )
    [message] = mail.outbox
    _assert_chinese_and_named(message, "127.0.0.1:8801")
    assert "请确认您的电子邮箱" in message.subject


def test_password_reset_mail(client):
    user = make_user("forgetful", email="forgetful@example.cn")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    client.post("/accounts/password/reset/", {"email": "forgetful@example.cn"}, HTTP_HOST="127.0.0.1:8801")
    [message] = mail.outbox
    _assert_chinese_and_named(message, "127.0.0.1:8801")
    assert "重设密码" in message.subject and "/accounts/password/reset/key/" in message.body
