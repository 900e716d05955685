"""allauth's TOTP set-up and recovery-code pages, keeping ``next`` so a handler forced to set up a
second factor ends where they were going (e.g. /admin/) instead of on the recovery codes."""

from urllib.parse import urlencode

from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.views import ActivateTOTPView
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str:
    """The ``next`` of this request if it points into this site, else ``""``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


class TOTPActivateView(ActivateTOTPView):
    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "next": safe_next(self.request)}

    def get_success_url(self) -> str:
        url = super().get_success_url()
        target = safe_next(self.request)
        if not target:
            return url
        if url == reverse("mfa_view_recovery_codes"):
            return f"{url}?{urlencode({'next': target})}"
        return target


class RecoveryCodesView(ViewRecoveryCodesView):
    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "next": safe_next(self.request)}


totp_activate = TOTPActivateView.as_view()
recovery_codes = RecoveryCodesView.as_view()
