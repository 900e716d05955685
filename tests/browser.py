"""Signing a Playwright browser in for the browser tests, without going through the login form."""

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings
from django.test import Client

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def browser_log_in(page_or_context, live_server, user, *, second_factor: bool = False) -> None:
    """Give the browser context (of a page, or the context itself) a signed-in session for ``user``,
    after a TOTP code when ``second_factor`` (tip-off pages ask everyone for one)."""
    client = Client()
    if second_factor:
        TOTP.activate(user, TOTP_SECRET)
    client.force_login(user)
    if second_factor:
        code = format_hotp_value(hotp_value(TOTP_SECRET, next(yield_hotp_counters_from_time())))
        response = client.post("/accounts/2fa/reauthenticate/", {"code": code})
        assert response.status_code == 302, response.content[:500]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = getattr(page_or_context, "context", page_or_context)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
