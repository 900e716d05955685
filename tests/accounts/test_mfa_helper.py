"""accounts.mfa: other apps' pages that need a second factor in this session, superusers included."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.mfa import mfa_required, session_passed_mfa
from tests.accounts.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@mfa_required
def secret_view(request):
    return HttpResponse("机密")


def _code():
    return format_hotp_value(hotp_value(SECRET, next(yield_hotp_counters_from_time())))


def test_anonymous_is_sent_to_log_in():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/secret/?x=1")
    request.user = AnonymousUser()
    response = secret_view(request)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_superuser_without_totp_is_sent_to_set_it_up_and_comes_back(client, settings):
    settings.ROOT_URLCONF = "tests.accounts.urls_mfa"
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.get("/secret/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Fsecret%2F"


def test_a_password_only_session_is_asked_for_the_code_then_passes(client, settings):
    settings.ROOT_URLCONF = "tests.accounts.urls_mfa"
    root = make_user("root", is_superuser=True, is_staff=True)
    TOTP.activate(root, SECRET)
    client.post("/admin/login/", {"username": "root", "password": TEST_PASSWORD})
    assert "_auth_user_id" in client.session
    response = client.get("/secret/")
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fsecret%2F"
    response = client.post("/accounts/2fa/reauthenticate/?next=/secret/", {"code": _code()})
    assert response.status_code == 302 and response["Location"] == "/secret/"
    assert client.get("/secret/").content.decode() == "机密"


def test_session_passed_mfa_is_false_for_anonymous():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert session_passed_mfa(request) is False
