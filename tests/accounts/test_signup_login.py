import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Yunmeng-safe-2024"


def _signup(client, **data):
    payload = {"email": "", "phone": "", "password1": PASSWORD, "password2": PASSWORD, **data}
    return client.post("/accounts/signup/", payload)


def test_signup_page_renders_in_site_shell_with_labelled_fields(client):
    response = client.get("/accounts/signup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html
    assert html.count("<h1") == 1
    for field_id in ("id_email", "id_phone", "id_password1", "id_password2"):
        assert f'for="{field_id}"' in html


def test_signup_needs_a_phone_and_the_email_is_optional(client):
    response = _signup(client, email="learner@example.cn")
    assert response.status_code == 200
    assert 'id="id_phone_errors"' in response.content.decode()
    assert not User.objects.exists()
    assert _signup(client, phone="13600136000").status_code == 302
    client.logout()
    assert _signup(client, phone="13600136001").status_code == 302
    users = User.objects.filter(phone__in=["13600136000", "13600136001"])
    assert users.count() == 2 and all(user.email is None for user in users)


def test_an_account_without_phone_made_before_phone_first_sign_up_still_logs_in(client):
    make_user("old_learner", email="old@example.cn", password=PASSWORD)
    response = client.post("/accounts/login/", {"login": "old@example.cn", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_signup_with_phone_stores_eleven_digits(client):
    response = _signup(client, email="caller@example.cn", phone="138 0013 8000")
    assert response.status_code == 302
    user = User.objects.get(email="caller@example.cn")
    assert user.phone == "13800138000"


def test_signup_refuses_bad_mobile_with_chinese_message(client):
    response = _signup(client, email="bad@example.cn", phone="12345")
    assert response.status_code == 200
    html = response.content.decode()
    assert "请输入11位中国大陆手机号码" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_phone_errors"' in html or "id_phone_errors" in html
    assert not User.objects.filter(email="bad@example.cn").exists()


def test_signup_with_phone_already_used_creates_nothing_and_tells_the_owner(client, django_capture_on_commit_callbacks):
    from accounts.sms import LocmemSMSBackend

    LocmemSMSBackend.outbox.clear()
    make_user("owner", phone="13900000000")
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client, email="other@example.cn", phone="13900000000")
    # allauth prevents account enumeration: the page does not say the number is taken.
    assert not User.objects.filter(email="other@example.cn").exists()
    assert User.objects.filter(phone="13900000000").count() == 1
    assert any(phone == "13900000000" and "已有账户" in text for phone, text in LocmemSMSBackend.outbox)


def test_login_by_email_and_password(client):
    make_user("emailer", email="emailer@example.cn", password=PASSWORD)
    response = client.post("/accounts/login/", {"login": "emailer@example.cn", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_login_by_mobile_and_password(client):
    user = make_user("phoner", phone="13712345678", password=PASSWORD)
    response = client.post("/accounts/login/", {"login": "137 1234 5678", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_by_mobile_with_wrong_password_is_refused(client):
    make_user("phoner", phone="13712345678", password=PASSWORD)
    response = client.post("/accounts/login/", {"login": "13712345678", "password": "wrong-password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited(client):
    make_user("target", email="target@example.cn", password=PASSWORD)
    for _ in range(5):
        client.post("/accounts/login/", {"login": "target@example.cn", "password": "nope"})
    response = client.post("/accounts/login/", {"login": "target@example.cn", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_password_reset_sends_mail_and_the_link_sets_a_new_password(client):
    user = make_user("forgetful", email="forgetful@example.cn", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    response = client.post("/accounts/password/reset/", {"email": "forgetful@example.cn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/password/reset/key/" in word)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_path, {"password1": "New-Yunmeng-2025", "password2": "New-Yunmeng-2025"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("New-Yunmeng-2025")
