from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import user_has_totp


def user_requires_mfa(user) -> bool:
    """Members of the tip-off and reward groups must have a second factor (DESIGN §6)."""
    if not user.is_authenticated:
        return False
    return user.groups.filter(name__in=settings.MFA_REQUIRED_GROUPS).exists()


def session_passed_mfa(request: HttpRequest) -> bool:
    """Whether this session's sign-in included a second-factor code (allauth's authentication records)."""
    from allauth.account.internal.flows.login import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def _protected(path: str) -> bool:
    prefixes = getattr(settings, "MFA_REQUIRED_PATH_PREFIXES", ("/admin/",))
    return any(path == prefix.rstrip("/") or path.startswith(prefix) for prefix in prefixes)


class StaffMFARequiredMiddleware:
    """Keep members of MFA-required groups out of the admin until this session has passed a TOTP code.

    Without an authenticator they are sent to set one up (the /accounts/2fa/ pages stay reachable).
    With one, allauth asks for the code at login; a session that skipped it (Wagtail's own
    /admin/login/ form takes a password only) is sent to enter the code before going on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _protected(request.path_info) and user_requires_mfa(request.user):
            query = urlencode({"next": request.get_full_path()})
            if not user_has_totp(request.user):
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            if not session_passed_mfa(request):
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)
