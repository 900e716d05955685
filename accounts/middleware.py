from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


def user_requires_mfa(user) -> bool:
    """Members of the tip-off and reward groups must have a second factor (DESIGN §6)."""
    if not user.is_authenticated:
        return False
    return user.groups.filter(name__in=settings.MFA_REQUIRED_GROUPS).exists()


def user_has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFARequiredMiddleware:
    """Keep members of MFA-required groups out of the admin until they have set up TOTP.

    allauth then asks for the code at every login, because an authenticator exists.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/admin/") and user_requires_mfa(request.user) and not user_has_mfa(request.user):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
