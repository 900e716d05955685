"""The exam admins' panel on the Wagtail dashboard: today's and tomorrow's sessions with seats
booked, each linked to its desk (roster, check-in). One query for the sessions, however many."""

import datetime

from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import SessionStatus
from .selectors import sessions_with_availability
from .services.staff import STAFF_PERMISSION

# The same permission the desk, check-in and dashboard pages require.
PERMISSION = STAFF_PERMISSION
# A county has a few sessions a day; past this the panel says how many more and links to the list.
MAX_ROWS = 20


class BookingsHomePanel(Component):
    name = "bookings_summary"
    order = 160
    template_name = "bookings/admin/panels/summary.html"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        tomorrow = today + datetime.timedelta(days=1)
        sessions = list(
            sessions_with_availability()
            .filter(date__in=[today, tomorrow])
            .exclude(status=SessionStatus.CANCELLED)
            .select_related("centre", "room")
            .order_by("date", "start_time", "centre__name", "room__name")[: MAX_ROWS + 1]
        )
        shown = sessions[:MAX_ROWS]
        return {
            "days": [
                {"date": today, "is_today": True, "sessions": [s for s in shown if s.date == today]},
                {"date": tomorrow, "is_today": False, "sessions": [s for s in shown if s.date == tomorrow]},
            ],
            "truncated": len(sessions) > MAX_ROWS,
            "max_rows": MAX_ROWS,
        }


def add_home_panel(request, panels) -> None:
    if request.user.has_perm(PERMISSION):
        panels.append(BookingsHomePanel())
