"""Who may open a report, see the reporter's identity, act on it (one rule, used by views and services).

- Handlers (举报受理员, perm ``handle_tipoff``) see the inbox; they open reports that are unassigned
  (to take them) or assigned to them. Only the assignee works on a report.
- Leads (奖励审批人 and superusers, perm ``lead_tipoff``) open every report, assign and reassign,
  and approve extensions.
- The reporter's identity is shown to the assignee and to leads only.
"""

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


def second_factor_redirect(request):
    """Where to send a person who has not passed a second factor in this session, or None.

    Tip-off data (reports with identities, files, rewards, the ledger, the dashboard) is shown only
    after a TOTP code in this session, to superusers as to the tip-off groups (issue 10): accounts'
    one check of allauth's session state (set up an authenticator first, else enter a code).
    """
    from accounts.mfa import mfa_redirect

    return mfa_redirect(request)
