"""Who may open a report, see the reporter's identity, act on it (one rule, used by views and services).

- Handlers (举报受理员, perm ``handle_tipoff``) see the inbox; they open reports that are unassigned
  (to take them) or assigned to them. Only the assignee works on a report.
- Leads (奖励审批人 and superusers, perm ``lead_tipoff``) open every report, assign and reassign,
  and approve extensions.
- The reporter's identity is shown to the assignee and to leads only.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .models import TipOff


def is_handler(user) -> bool:
    return user.is_authenticated and user.has_perm("tipoffs.handle_tipoff")


def is_lead(user) -> bool:
    return user.is_authenticated and user.has_perm("tipoffs.lead_tipoff")


def can_open(user, tipoff: TipOff) -> bool:
    if is_lead(user):
        return True
    return is_handler(user) and tipoff.assigned_to_id in (None, user.pk)


def can_work(user, tipoff: TipOff) -> bool:
    return is_handler(user) and (tipoff.assigned_to_id == user.pk or is_lead(user))


def can_see_identity(user, tipoff: TipOff) -> bool:
    return is_lead(user) or (is_handler(user) and tipoff.assigned_to_id == user.pk)


def session_passed_second_factor(request) -> bool:
    """Whether this session's sign-in passed a second factor (allauth MFA), for everyone alike."""
    # The one place that reads allauth's session state (through accounts' helper).
    from accounts.middleware import session_passed_mfa

    return request.user.is_authenticated and session_passed_mfa(request)


def second_factor_redirect(request):
    """Where to send a person who has not passed a second factor in this session, or None.

    Tip-off data (reports with identities, files, rewards, the ledger, the dashboard) is shown only
    after a TOTP code in this session, to superusers as to the tip-off groups (issue 10). Without an
    authenticator the person is sent to set one up first.
    """
    if session_passed_second_factor(request):
        return None
    from accounts.selectors import user_has_totp

    query = urlencode({"next": request.get_full_path()})
    if not user_has_totp(request.user):
        return redirect(f"{reverse('mfa_activate_totp')}?{query}")
    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
