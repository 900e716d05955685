"""Dashboard figures: fill rate per centre and month, no-show rate. Aggregated in the database."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from .models import Booking, BookingStatus, ExamSession, SessionStatus

SEATED = [BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.ABSENT, BookingStatus.COMPLETED]


def fill_rates() -> list[tuple[str, float]]:
    """(centre · month, % of seats taken) for every centre and month with non-cancelled sessions."""
    capacity = (
        ExamSession.objects.exclude(status=SessionStatus.CANCELLED)
        .annotate(month=TruncMonth("date"))
        .values("centre__name", "month")
        .annotate(seats=Sum("capacity"))
        .order_by("month", "centre__name")
    )
    taken = {
        (row["session__centre__name"], row["month"]): row["n"]
        for row in Booking.objects.filter(status__in=SEATED)
        .exclude(session__status=SessionStatus.CANCELLED)
        .annotate(month=TruncMonth("session__date"))
        .values("session__centre__name", "month")
        .annotate(n=Count("pk"))
    }
    rows = []
    for row in capacity:
        n = taken.get((row["centre__name"], row["month"]), 0)
        rows.append(
            (f"{row['centre__name']} {row['month']:%Y-%m}", round(100 * n / row["seats"], 1) if row["seats"] else 0)
        )
    return rows


def no_show_rates() -> list[tuple[str, float]]:
    """(centre, % absent among sessions already held)."""
    rows = (
        Booking.objects.filter(status__in=[BookingStatus.CHECKED_IN, BookingStatus.ABSENT, BookingStatus.COMPLETED])
        .values("session__centre__name")
        .annotate(total=Count("pk"), absent=Count("pk", filter=Q(status=BookingStatus.ABSENT)))
        .order_by("session__centre__name")
    )
    return [(r["session__centre__name"], round(100 * r["absent"] / r["total"], 1)) for r in rows if r["total"]]
