"""The training admins' panel on the Wagtail dashboard: this month's enrolments, completions and
certificates. Two aggregate queries."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import Certificate, Enrolment

PERMISSION = "courses.change_course"


def _month_start(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


class CoursesHomePanel(Component):
    name = "courses_summary"
    order = 170
    template_name = "courses/admin/panels/summary.html"

    def get_context_data(self, parent_context):
        now = timezone.now()
        start = _month_start(now)
        counts = Enrolment.objects.filter(Q(created_at__gte=start) | Q(completed_at__gte=start)).aggregate(
            started=Count("pk", filter=Q(created_at__gte=start)),
            completed=Count("pk", filter=Q(completed_at__gte=start)),
        )
        return {
            "month": start,
            "started_count": counts["started"],
            "completed_count": counts["completed"],
            "certificate_count": Certificate.objects.filter(issued_at__gte=start).count(),
        }


def add_home_panel(request, panels) -> None:
    if request.user.has_perm(PERMISSION):
        panels.append(CoursesHomePanel())
