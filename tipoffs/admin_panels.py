"""The tip-off staff's panel on the Wagtail dashboard: counts only, never a report's content or
the reporter's identity. Handlers count what their inbox shows them (unassigned reports and their
own); leads count every report. Three queries (one more for reward approvers)."""

from datetime import timedelta

from django.db.models import Count, Q
from wagtail.admin.ui.components import Component

from .access import is_lead
from .admin_rewards import is_approver
from .admin_views import is_tipoff_staff
from .models import OPEN_STATUSES, SOON_DUE_DAYS, Reward, RewardStatus, Status, TipOff, overdue_cutoff
from .selectors import rectification_overdue


class TipoffsHomePanel(Component):
    name = "tipoffs_summary"
    order = 180
    template_name = "tipoffs/admin/panels/summary.html"

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        cutoff = overdue_cutoff()  # deadlines are days in Asia/Shanghai (models.overdue_cutoff)
        reports = TipOff.objects.all()
        if not is_lead(user):
            # The inbox's own scope (selectors.tipoff_inbox): a handler counts only what they may open.
            reports = reports.filter(Q(assigned_to__isnull=True) | Q(assigned_to=user))
        is_open = Q(status__in=OPEN_STATUSES)
        counts = reports.aggregate(
            submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
            overdue=Count("pk", filter=is_open & Q(due_at__lt=cutoff)),
            soon=Count(
                "pk", filter=is_open & Q(due_at__gte=cutoff, due_at__lt=cutoff + timedelta(days=SOON_DUE_DAYS + 1))
            ),
            extension=Count("pk", filter=Q(extension_requested_at__isnull=False, extension_approved_at__isnull=True)),
        )
        overdue_orders = rectification_overdue()
        if not is_lead(user):
            overdue_orders = overdue_orders.filter(tipoff__assigned_to=user)
        counts["rectification_overdue"] = overdue_orders.count()
        approver = is_approver(user)
        return {
            "counts": counts,
            "soon_days": SOON_DUE_DAYS,
            "is_approver": approver,
            "proposed_count": Reward.objects.filter(status=RewardStatus.PROPOSED).count() if approver else None,
        }


def add_home_panel(request, panels) -> None:
    if is_tipoff_staff(request.user):
        panels.append(TipoffsHomePanel())
