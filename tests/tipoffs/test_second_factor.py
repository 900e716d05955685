"""Issue 10: tip-off data needs a second factor passed in this session for everyone, superusers too."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import User

from .helpers import jpeg_with_gps, real_name, submit
from .test_admin import SECRET, login

pytestmark = pytest.mark.django_db


def _urls(tipoff):
    attachment = tipoff.attachments.get()
    return [
        "/admin/tipoffs/",
        "/admin/tipoffs/new/",
        f"/admin/tipoffs/{tipoff.pk}/",
        f"/admin/tipoffs/{tipoff.pk}/files/{attachment.pk}/",
        "/admin/tipoffs/rewards/",
        "/admin/tipoffs/rewards/ledger.xlsx",
        "/admin/tipoffs/dashboard/",
    ]


@pytest.fixture
def superuser():
    return User.objects.create_superuser(username="root", email="root@example.cn", password="pw-123456!")


def test_superuser_without_an_authenticator_is_sent_to_set_one_up(client, superuser):
    tipoff, _ = submit(identity=real_name(name="保密的人"), files=[jpeg_with_gps()])
    client.force_login(superuser)
    for url in _urls(tipoff):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/totp/activate/"), url
        assert "保密的人" not in response.content.decode()
    refused = client.post(f"/admin/tipoffs/{tipoff.pk}/act/accept/")
    assert refused.status_code == 302 and "/accounts/2fa/" in refused["Location"]
    tipoff.refresh_from_db()
    assert tipoff.status == "submitted"


def test_superuser_with_an_authenticator_must_enter_the_code_this_session(client, superuser):
    tipoff, _ = submit(identity=real_name(name="保密的人"), files=[jpeg_with_gps()])
    TOTP.activate(superuser, SECRET)
    client.force_login(superuser)  # a password-only sign-in (e.g. Wagtail's own login form)
    for url in _urls(tipoff):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/"), url
        assert "next=" in response["Location"]


def test_superuser_after_the_code_sees_everything(client, superuser):
    tipoff, _ = submit(identity=real_name(name="保密的人"), files=[jpeg_with_gps()])
    login(client, superuser)
    for url in _urls(tipoff):
        assert client.get(url).status_code == 200, url
    assert "保密的人" in client.get(f"/admin/tipoffs/{tipoff.pk}/").content.decode()
