"""A passed second factor in this session (allauth MFA): the check and a view decorator.

Other apps protect their most sensitive pages with :func:`mfa_required` (everyone, superusers
included, must have entered a TOTP code in this session); the admin as a whole is guarded for
MFA-required groups by ``accounts.middleware.StaffMFARequiredMiddleware``.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
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
    """Whether this session's sign-in (or a later re-check) included a second-factor code."""
    from allauth.account.internal.flows.login import get_authentication_records

    if not request.user.is_authenticated:
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def mfa_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where to send this request before it may go on, or ``None`` when its session passed MFA.

    Without an authenticator: to TOTP setup; with one: to enter a code; both come back to ``next``.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if session_passed_mfa(request):
        return None
    query = urlencode({"next": request.get_full_path()})
    if not user_has_totp(request.user):
        return redirect(f"{reverse('mfa_activate_totp')}?{query}")
    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")


def mfa_required(view):
    """View decorator: only a session that passed a second factor gets through (superusers too)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = mfa_redirect(request)
        if response is not None:
            return response
        return view(request, *args, **kwargs)

    return wrapper
