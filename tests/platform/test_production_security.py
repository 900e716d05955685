"""Production mode: Secure cookies, the shared-cache check, Argon2id (issues 10 and 11)."""

import subprocess
import sys

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from accounts.models import User
from edu_platform import settings as production_settings
from tests.platform.test_deploy_settings import ROOT, _manage, _production_env


def test_check_deploy_fails_in_production_without_a_shared_cache(tmp_path):
    result = _manage(_production_env(tmp_path, REDIS_URL=None), "check", "--deploy")
    assert result.returncode != 0
    assert "edu_platform.E001" in result.stderr and "REDIS_URL" in result.stderr
    # With REDIS_URL set the same check passes: test_deploy_settings.py runs check --deploy so.


COOKIE_FLAGS = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE")


def _production_values(tmp_path, names) -> dict[str, str]:
    script = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print({name!r}, getattr(settings, {name!r}))" for name in names
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


@pytest.mark.django_db
def test_every_cookie_is_secure_in_production(tmp_path, client):
    """The production settings turn Secure on for every cookie, and each view that sets one uses them."""
    values = _production_values(tmp_path, COOKIE_FLAGS)
    assert values == dict.fromkeys(COOKIE_FLAGS, "True")
    with override_settings(**dict.fromkeys(COOKIE_FLAGS, True)):
        cookies = {}
        for path in ("/display/language/?language=en", "/display/large-text/", "/accounts/login/"):
            cookies.update(client.get(path).cookies)
        User.objects.create_user("u", "u@example.com", "Pw-12345-long")
        client.post("/accounts/login/", {"login": "u@example.com", "password": "Pw-12345-long"})
        cookies.update(client.cookies)
    assert {"django_language", "large_text", "csrftoken", "sessionid"} <= set(cookies), set(cookies)
    assert {name: bool(morsel["secure"]) for name, morsel in cookies.items()} == dict.fromkeys(cookies, True)
    assert cookies["large_text"]["httponly"]


def test_production_hasher_is_argon2id_with_owasp_parameters():
    assert production_settings.PASSWORD_HASHERS[0] == "edu_platform.hashers.Argon2idPasswordHasher"
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        encoded = make_password("Demo@12345")
        assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password("Demo@12345", encoded)


@pytest.mark.django_db
def test_old_pbkdf2_hash_is_upgraded_at_login(client):
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        user = User.objects.create_user("old", "old@example.com")
        user.password = make_password("Old-pass-2019", hasher="pbkdf2_sha256")
        user.save()
        response = client.post("/accounts/login/", {"login": "old@example.com", "password": "Old-pass-2019"})
        assert response.status_code == 302, response.content.decode()[:500]
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert check_password("Old-pass-2019", user.password)
