"""Reads that pages, exports and services share. Each does its own joins so pages stay O(1) in queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    ACTIVE_STATUSES,
    Booking,
    BookingNotice,
    BookingStatus,
    ExamSession,
    SessionStatus,
    WaitlistEntry,
    WaitlistStatus,
)


def _count_subquery(queryset: QuerySet) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values("session").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def sessions_with_availability(now: datetime.datetime | None = None) -> QuerySet[ExamSession]:
    """Sessions annotated with ``seats_left`` = capacity − active bookings − unexpired holds (one query)."""
    now = now or timezone.now()
    active = Booking.objects.filter(session=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    holds = WaitlistEntry.objects.filter(session=OuterRef("pk"), status=WaitlistStatus.OFFERED, hold_expires_at__gt=now)
    return ExamSession.objects.annotate(
        active_count=_count_subquery(active),
        hold_count=_count_subquery(holds),
    ).annotate(seats_left=F("capacity") - F("active_count") - F("hold_count"))


def seats_left(session: ExamSession, *, now: datetime.datetime | None = None, excluding_hold_of=None) -> int:
    """Seats left in ``session``; call it under the session lock when the answer decides a write.

    ``excluding_hold_of``: a candidate whose own unexpired hold should not count against them.
    """
    now = now or timezone.now()
    active = Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES).count()
    holds = WaitlistEntry.objects.filter(session=session, status=WaitlistStatus.OFFERED, hold_expires_at__gt=now)
    if excluding_hold_of is not None:
        holds = holds.exclude(candidate=excluding_hold_of)
    return session.capacity - active - holds.count()


@dataclass
class SessionFilter:
    subject: object = None
    centre: object = None
    town: object = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def session_list(filters: SessionFilter | None = None, *, now=None) -> QuerySet[ExamSession]:
    """Sessions a candidate can still book (or queue for), with seats left; subjects prefetched (2 queries per page).

    A session whose booking window has closed is left out: the page offers 查看并预约 for every row.
    """
    now = now or timezone.now()
    filters = filters or SessionFilter()
    qs = (
        sessions_with_availability(now)
        .filter(
            status=SessionStatus.OPEN,
            date__gte=timezone.localdate(now),
            booking_closes_at__gt=now,
            centre__is_active=True,
        )
        .select_related("centre", "centre__town", "room")
        .prefetch_related("subjects")
    )
    if filters.subject:
        qs = qs.filter(subjects=filters.subject)
    if filters.centre:
        qs = qs.filter(centre=filters.centre)
    if filters.town:
        qs = qs.filter(centre__town=filters.town)
    if filters.date_from:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date__lte=filters.date_to)
    return qs.order_by("date", "start_time", "centre__name", "pk")


def session_detail(pk: int) -> ExamSession:
    return (
        sessions_with_availability()
        .select_related("centre", "centre__town", "room")
        .prefetch_related("subjects")
        .get(pk=pk)
    )


def bookings_for_candidate(user) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(candidate=user)
        .select_related("session", "session__centre", "session__room", "subject")
        .order_by("-session__date", "-session__start_time", "-pk")
    )


def waitlist_for_candidate(user) -> QuerySet[WaitlistEntry]:
    return (
        WaitlistEntry.objects.filter(candidate=user, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED])
        .select_related("session", "session__centre", "session__room", "subject")
        .order_by("session__date", "pk")
    )


def waitlist_position(entry: WaitlistEntry) -> int:
    """1 for the first in line."""
    return (
        WaitlistEntry.objects.filter(session=entry.session_id, status=WaitlistStatus.WAITING)
        .filter(Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk))
        .count()
        + 1
    )


def notices_for(user, limit: int = 20) -> QuerySet[BookingNotice]:
    return BookingNotice.objects.filter(recipient=user)[:limit]


def notices_unread_count(user) -> int:
    return BookingNotice.objects.filter(recipient=user, read_at__isnull=True).count()


def ticket_for(user, ticket_number: str) -> Booking | None:
    """The candidate's own booking by ticket number, or None (someone else's looks the same as none)."""
    return (
        Booking.objects.filter(candidate=user, ticket_number=ticket_number)
        .select_related("session", "session__centre", "session__room", "subject", "candidate")
        .first()
    )


def session_bookings(session: ExamSession, status: str | None = None) -> QuerySet[Booking]:
    qs = (
        Booking.objects.filter(session=session)
        .select_related("candidate", "subject")
        .order_by(F("seat_number").asc(nulls_last=True), "ticket_number")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def roster_rows(session: ExamSession) -> list[list]:
    """Rows for the roster workbook: active bookings of a session, in ticket order."""
    rows = []
    for b in session_bookings(session).filter(
        status__in=[*ACTIVE_STATUSES, BookingStatus.ABSENT, BookingStatus.COMPLETED]
    ):
        rows.append(
            [
                b.ticket_number,
                b.candidate.real_name,
                b.candidate.id_number,
                b.candidate.phone or "",
                b.subject.code,
                b.subject.name,
                session.centre.name,
                session.room.name,
                b.seat_number or "",
                f"{session.date:%Y-%m-%d}",
                f"{session.start_time:%H:%M}-{session.end_time:%H:%M}",
                b.get_status_display(),
            ]
        )
    return rows


ROSTER_HEADERS = [
    "准考证号",
    "姓名",
    "身份证号",
    "手机号码",
    "科目代码",
    "科目",
    "考点",
    "考场",
    "座位号",
    "日期",
    "时间",
    "状态",
]
