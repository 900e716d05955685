"""Exam-admin writes: sessions, close/cancel, check-in, absentees (results import: ``results``)."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log
from exams.models import ExamSubject

from ..errors import BookingError
from ..locking import lock_session
from ..models import Booking, BookingStatus, ExamSession, Room, SessionStatus, WaitlistEntry, WaitlistStatus
from ..notify import notice_send
from ..tickets import ticket_number_from_code
from .candidates import _when

STAFF_PERMISSION = "bookings.change_booking"


def _require_staff(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_perm(STAFF_PERMISSION):
        raise BookingError(_("只有考务管理员可以执行此操作。"))


# --- sessions ------------------------------------------------------------------------------------


def _session_validate(room: Room, subjects, capacity: int, date, start, end, opens_at, closes_at) -> None:
    if capacity > room.seats:
        raise BookingError(
            _("可预约座位数（%(capacity)s）不能超过考场“%(room)s”的座位数（%(seats)s）。")
            % {"capacity": capacity, "room": room.name, "seats": room.seats}
        )
    if capacity <= 0:
        raise BookingError(_("可预约座位数必须大于0。"))
    if end <= start:
        raise BookingError(_("结束时间必须晚于开始时间。"))
    if closes_at <= opens_at:
        raise BookingError(_("截止预约时间必须晚于开始预约时间。"))
    if not subjects:
        raise BookingError(_("请至少选择一个考试科目。"))
    centre_subjects = set(room.centre.subjects.values_list("pk", flat=True))
    missing = [s.name for s in subjects if s.pk not in centre_subjects]
    if missing:
        raise BookingError(
            _("考点“%(centre)s”未开设以下科目：%(subjects)s。")
            % {"centre": room.centre.name, "subjects": "、".join(missing)}
        )


@transaction.atomic
def session_create(
    *,
    actor,
    room: Room,
    subjects: list[ExamSubject],
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    capacity: int | None = None,
    booking_opens_at: datetime.datetime | None = None,
    booking_closes_at: datetime.datetime | None = None,
    cancel_cutoff_hours: int = 24,
) -> ExamSession:
    """One session in a room; capacity defaults to the room's seats, booking closes a day before."""
    _require_staff(actor)
    # Re-read the room under the lock room_update takes, so its seats cannot drop below this capacity meanwhile.
    room = Room.objects.select_for_update().select_related("centre").get(pk=room.pk)
    capacity = room.seats if capacity is None else capacity
    from ..timeutil import local_datetime

    starts = local_datetime(date, start_time)
    booking_opens_at = booking_opens_at or timezone.now()
    booking_closes_at = booking_closes_at or starts - datetime.timedelta(hours=24)
    _session_validate(room, subjects, capacity, date, start_time, end_time, booking_opens_at, booking_closes_at)
    if ExamSession.objects.filter(room=room, date=date, start_time__lt=end_time, end_time__gt=start_time).exists():
        raise BookingError(
            _("考场“%(room)s”在 %(when)s 已有场次。")
            % {"room": room.name, "when": f"{date:%Y-%m-%d} {start_time:%H:%M}"}
        )
    session = ExamSession.objects.create(
        centre=room.centre,
        room=room,
        date=date,
        start_time=start_time,
        end_time=end_time,
        capacity=capacity,
        booking_opens_at=booking_opens_at,
        booking_closes_at=booking_closes_at,
        cancel_cutoff_hours=cancel_cutoff_hours,
    )
    session.subjects.set(subjects)
    audit_log("bookings.session.created", target=session, actor=actor)
    return session


@dataclass
class BulkResult:
    created: list[ExamSession]
    skipped: list[str]


@transaction.atomic
def sessions_bulk_create(
    *,
    actor,
    room: Room,
    subjects: list[ExamSubject],
    first_date: datetime.date,
    weeks: int,
    weekdays: list[int],
    times: list[tuple[datetime.time, datetime.time]],
    capacity: int | None = None,
    opens_days_before: int = 30,
    closes_hours_before: int = 24,
    cancel_cutoff_hours: int = 24,
) -> BulkResult:
    """Sessions from a weekly pattern, e.g. Tue/Thu 09:00 and 14:00 for 8 weeks (weekday 0 = Monday).

    Slots already taken in the room are skipped and reported, so re-running the pattern is harmless.
    """
    from ..timeutil import local_datetime

    _require_staff(actor)
    if not 1 <= weeks <= 52:
        raise BookingError(_("周数应在1到52之间。"))
    if not weekdays:
        raise BookingError(_("请至少选择一个星期几。"))
    if not times:
        raise BookingError(_("请至少填写一个时段。"))
    result = BulkResult(created=[], skipped=[])
    now = timezone.now()
    for offset in range(weeks * 7):
        day = first_date + datetime.timedelta(days=offset)
        if day.weekday() not in weekdays:
            continue
        for start, end in times:
            starts = local_datetime(day, start)
            if starts <= now:
                result.skipped.append(_("%(when)s（已过去）") % {"when": f"{day:%Y-%m-%d} {start:%H:%M}"})
                continue
            if ExamSession.objects.filter(room=room, date=day, start_time__lt=end, end_time__gt=start).exists():
                result.skipped.append(_("%(when)s（已有场次）") % {"when": f"{day:%Y-%m-%d} {start:%H:%M}"})
                continue
            opens = max(now, starts - datetime.timedelta(days=opens_days_before))
            closes = starts - datetime.timedelta(hours=closes_hours_before)
            if closes <= opens:
                result.skipped.append(_("%(when)s（预约时间已不足）") % {"when": f"{day:%Y-%m-%d} {start:%H:%M}"})
                continue
            result.created.append(
                session_create(
                    actor=actor,
                    room=room,
                    subjects=subjects,
                    date=day,
                    start_time=start,
                    end_time=end,
                    capacity=capacity,
                    booking_opens_at=opens,
                    booking_closes_at=closes,
                    cancel_cutoff_hours=cancel_cutoff_hours,
                )
            )
    return result


@transaction.atomic
def session_close(*, actor, session_id: int) -> ExamSession:
    """Stop taking bookings; existing bookings stay."""
    _require_staff(actor)
    session = lock_session(session_id)
    if session.status != SessionStatus.OPEN:
        raise BookingError(_("该场次当前为“%(status)s”，不能截止预约。") % {"status": session.get_status_display()})
    session.status = SessionStatus.CLOSED
    session.save(update_fields=["status"])
    WaitlistEntry.objects.filter(session=session, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]).update(
        status=WaitlistStatus.CANCELLED
    )
    audit_log("bookings.session.closed", target=session, actor=actor)
    return session


@transaction.atomic
def session_cancel(*, actor, session_id: int, reason: str) -> int:
    """Cancel a session: every booking is released and every candidate (and waiter) is told why."""
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(_("请填写取消原因，它会通知给每位考生。"))
    session = lock_session(session_id)
    if session.status == SessionStatus.CANCELLED:
        raise BookingError(_("该场次已经取消。"))
    now = timezone.now()
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    bookings = list(
        Booking.objects.filter(
            session=session, status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN]
        ).select_related("candidate", "subject")
    )
    for booking in bookings:
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        notice_send(
            recipient=booking.candidate,
            subject_line=_("考试场次取消：%(subject)s") % {"subject": booking.subject.name},
            body=_(
                "很抱歉，您预约的“%(subject)s”（%(when)s，%(centre)s）场次已取消。\n"
                "原因：%(reason)s\n您的预约已释放，请登录平台重新预约其他场次。"
            )
            % {
                "subject": booking.subject.name,
                "when": _when(session),
                "centre": session.centre.name,
                "reason": reason,
            },
        )
    waiters = list(
        WaitlistEntry.objects.filter(
            session=session, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
        ).select_related("candidate", "subject")
    )
    for entry in waiters:
        entry.status = WaitlistStatus.CANCELLED
        entry.save(update_fields=["status"])
        notice_send(
            recipient=entry.candidate,
            subject_line=_("考试场次取消：%(subject)s") % {"subject": entry.subject.name},
            body=_("您候补的“%(subject)s”（%(when)s）场次已取消。原因：%(reason)s")
            % {"subject": entry.subject.name, "when": _when(session), "reason": reason},
        )
    audit_log(
        "bookings.session.cancelled", target=session, actor=actor, data={"reason": reason, "released": len(bookings)}
    )
    return len(bookings)


# --- check-in and absentees ----------------------------------------------------------------------


@dataclass
class CheckInResult:
    booking: Booking
    already: bool


def check_in_window(session: ExamSession) -> tuple[datetime.datetime, datetime.datetime]:
    """When candidates of ``session`` may check in: the centre's minutes before and after the start."""
    centre = session.centre
    return (
        session.starts_at - datetime.timedelta(minutes=centre.check_in_opens_minutes),
        session.starts_at + datetime.timedelta(minutes=centre.check_in_closes_minutes),
    )


def _check_in_window_problem(session: ExamSession, now) -> str | None:
    opens, closes = check_in_window(session)
    if opens <= now <= closes and timezone.localdate(now) == session.date:
        return None
    window = _("签到时间为 %(date)s %(opens)s–%(closes)s（开考前%(before)d分钟至开考后%(after)d分钟）") % {
        "date": f"{session.date:%Y-%m-%d}",
        "opens": f"{timezone.localtime(opens):%H:%M}",
        "closes": f"{timezone.localtime(closes):%H:%M}",
        "before": session.centre.check_in_opens_minutes,
        "after": session.centre.check_in_closes_minutes,
    }
    if timezone.localdate(now) != session.date:
        return _("本场次日期为 %(date)s，不是今天，不能签到。%(window)s。") % {
            "date": f"{session.date:%Y-%m-%d}",
            "window": window,
        }
    if now < opens:
        return _("签到尚未开始：%(window)s。") % {"window": window}
    return _("签到已截止：%(window)s，迟到考生不得入场。") % {"window": window}


@transaction.atomic
def booking_check_in(*, actor, session_id: int, code: str, now=None) -> CheckInResult:
    """Check a candidate in by scanned QR code or typed ticket number. Idempotent.

    Only on the session's day, inside the centre's check-in window around the start.
    """
    _require_staff(actor)
    now = now or timezone.now()
    ticket_number = ticket_number_from_code(code)
    session = ExamSession.objects.select_related("centre", "room").filter(pk=session_id).first()
    if session is None:
        raise BookingError(_("请先选择本场次。"), field="session")
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("candidate", "subject", "session", "session__centre", "session__room")
        .filter(ticket_number=ticket_number)
        .first()
    )
    if booking is None:
        raise BookingError(_("准考证号 %(ticket)s 不存在，请核对。") % {"ticket": ticket_number}, field="code")
    if booking.session_id != session.pk:
        other = booking.session
        raise BookingError(
            _("该考生不属于本场次：其预约为 %(when)s %(centre)s %(room)s。")
            % {"when": _when(other), "centre": other.centre.name, "room": other.room.name},
            field="code",
        )
    if session.status == SessionStatus.CANCELLED:
        raise BookingError(_("本场次已取消。"))
    if booking.status in (BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
        # A second scan (even just after the window) only confirms the first.
        return CheckInResult(booking=booking, already=True)
    problem = _check_in_window_problem(session, now)
    if problem:
        raise BookingError(problem)
    if booking.status != BookingStatus.BOOKED:
        raise BookingError(_("该预约状态为“%(status)s”，不能签到。") % {"status": booking.get_status_display()})
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at = now
    booking.save(update_fields=["status", "checked_in_at"])
    audit_log("bookings.booking.checked_in", target=booking, actor=actor)
    return CheckInResult(booking=booking, already=False)


@transaction.atomic
def sessions_mark_absentees(*, actor, session_id: int, now=None) -> int:
    """After a session has started, everyone still only booked is marked absent (缺考)."""
    _require_staff(actor)
    now = now or timezone.now()
    session = lock_session(session_id)
    if session.starts_at > now:
        raise BookingError(_("场次尚未开考，不能标记缺考。"))
    count = Booking.objects.filter(session=session, status=BookingStatus.BOOKED).update(status=BookingStatus.ABSENT)
    audit_log("bookings.session.absentees_marked", target=session, actor=actor, data={"count": count})
    return count
