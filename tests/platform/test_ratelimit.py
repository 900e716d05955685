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
