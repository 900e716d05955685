from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .mfa import mfa_redirect, session_passed_mfa, user_requires_mfa

__all__ = ["StaffMFARequiredMiddleware", "session_passed_mfa", "user_requires_mfa"]


def _protected(path: str) -> bool:
    prefixes = getattr(settings, "MFA_REQUIRED_PATH_PREFIXES", ("/admin/",))
    return any(path == prefix.rstrip("/") or path.startswith(prefix) for prefix in prefixes)


class StaffMFARequiredMiddleware:
    """Keep members of MFA-required groups out of the admin until this session has passed a TOTP code.

    Without an authenticator they are sent to set one up (the /accounts/2fa/ pages stay reachable).
    With one, allauth asks for the code at login; a session that skipped it (Wagtail's own
    /admin/login/ form takes a password only) is sent to enter the code before going on.

    It also answers allauth's ``RateLimited`` (raised, not returned, e.g. when a login asks for a
    second SMS code within 30 s) with the same Chinese 429 page as allauth's other limits, instead of
    a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _protected(request.path_info) and user_requires_mfa(request.user):
            response = mfa_redirect(request)
            if response is not None:
                return response
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from allauth.core.exceptions import RateLimited
        from allauth.core.ratelimit import respond_429

        if isinstance(exception, RateLimited):
            return respond_429(request)
        return None
