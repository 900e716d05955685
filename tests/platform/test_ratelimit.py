"""Rate limits key on the real client address, which a client cannot choose."""

from django.test import RequestFactory

from edu_platform.ratelimit import client_address, client_fingerprint, rate_limit_hit

factory = RequestFactory()


def _request(xff: str | None = None, remote: str = "127.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return factory.get("/", **extra)


def test_without_proxies_the_socket_address_counts_and_forwarded_headers_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("6.6.6.6", remote="203.0.113.9")) == "203.0.113.9"


def test_behind_one_proxy_a_made_up_forwarded_address_does_not_change_the_key(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it saw; whatever the client sent stands to its left.
    honest = _request("203.0.113.9")
    spoofed = _request("1.2.3.4, 203.0.113.9")
    assert client_address(spoofed) == "203.0.113.9"
    assert client_fingerprint(honest) == client_fingerprint(spoofed)
    other = _request("198.51.100.7")
    assert client_fingerprint(other) != client_fingerprint(honest)


def test_limit_counts_per_key_and_trips_after_the_limit():
    hits = [rate_limit_hit("test", "k", limit=3, period_seconds=60) for _ in range(5)]
    assert hits == [False, False, False, True, True]
    assert rate_limit_hit("test", "other", limit=3, period_seconds=60) is False


# --- allauth's limits at the door: an exam room behind one NAT address (issue 10) ----------------

import re  # noqa: E402

import pytest  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402

from accounts.models import User  # noqa: E402

PASSWORD = "Exam-room-2025"
ROOM_ADDRESS = "203.0.113.50"


def _login(client, login, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": login, "password": password}, REMOTE_ADDR=ROOM_ADDRESS, **extra)


@pytest.mark.django_db
def test_three_hundred_candidates_log_in_within_a_minute_from_one_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"  # fewer writes, same limits
    hashed = make_password(PASSWORD)  # the test hasher: the point is the limit, not the hashing
    User.objects.bulk_create(
        User(username=f"candidate{n}", email=f"candidate{n}@example.cn", phone=f"139{n:08d}", password=hashed)
        for n in range(300)
    )
    refused = []
    for n in range(300):
        login = f"candidate{n}@example.cn" if n % 2 else f"139{n:08d}"
        response = _login(client, login)
        if response.status_code != 302 or "_auth_user_id" not in client.session:
            refused.append((n, response.status_code))
        client.cookies.clear()
    assert refused == []


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["target@example.cn", "13912345678"])
def test_six_wrong_passwords_on_one_account_are_refused_while_others_still_log_in(client, login):
    User.objects.create_user(username="target", email="target@example.cn", phone="13912345678", password=PASSWORD)
    User.objects.create_user(username="other", email="other@example.cn", phone="13987654321", password=PASSWORD)
    for _ in range(5):
        response = _login(client, login, "wrong-password")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    # The sixth attempt is refused even with the right password, with a message in Chinese.
    response = _login(client, login, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert re.search("[\u4e00-\u9fff]", response.content.decode())
    assert response.status_code in (200, 429)
    # Another account at the same address (by e-mail and by phone) is not locked with it.
    assert _login(client, "13987654321").status_code == 302
    client.cookies.clear()
    assert _login(client, "other@example.cn").status_code == 302
