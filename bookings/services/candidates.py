"""Candidate writes: book, cancel, reschedule, waiting list. Each takes the session lock first."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.validators import validate_id_number, validate_mobile
from courses.selectors import training_requirement
from exams.models import ExamSubject
from exams.selectors import exam_rule_for

from ..errors import BookingError, SessionFullError, SessionNotFoundError
from ..locking import lock_session, lock_sessions
from ..models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    ExamSession,
    SessionStatus,
    WaitlistEntry,
    WaitlistStatus,
)
from ..notify import notice_send
from ..selectors import seats_left
from ..tickets import ticket_number_new


def hold_minutes() -> int:
    return int(getattr(settings, "BOOKINGS_WAITLIST_HOLD_MINUTES", 24 * 60))


def _when(session: ExamSession) -> str:
    return f"{format(session.date, _('%Y年%m月%d日'))} {session.start_time:%H:%M}-{session.end_time:%H:%M}"


# --- eligibility ---------------------------------------------------------------------------------


def _profile_problems(user) -> list[str]:
    problems = []
    if not (user.real_name or "").strip():
        problems.append(_("请先在个人资料中填写真实姓名。"))
    try:
        validate_id_number(user.id_number or "")
    except ValidationError:
        problems.append(_("请先在个人资料中填写有效的居民身份证号码。"))
    try:
        validate_mobile(user.phone or "")
    except ValidationError:
        problems.append(_("请先在个人资料中填写有效的手机号码。"))
    return problems


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _rule_problems(results: list[Booking], subject: ExamSubject, on: datetime.date) -> list[str]:
    """The exam rules (DESIGN §3) from the effective-dated ExamRule: pass validity and re-sits.

    ``results``: the candidate's graded bookings in ``subject``, newest exam first.
    """
    rule = exam_rule_for(subject, on)
    window_start = _months_before(on, rule.pass_valid_months)
    for result in results:
        if result.passed and result.session.date >= window_start:
            return [
                _("您已通过“%(subject)s”考试（%(date)s），成绩在有效期内，无需再次预约。")
                % {"subject": subject.name, "date": f"{result.session.date:%Y-%m-%d}"}
            ]
    # Failures since the last pass (or ever) inside the validity window count against the re-sits.
    failures = 0
    for result in results:
        if result.passed:
            break
        if result.session.date >= window_start:
            failures += 1
    if failures > rule.resits_allowed:
        return [
            _("您“%(subject)s”考试已不合格%(failures)d次，补考机会（%(resits)d次）已用完，请重新参加培训后再报考。")
            % {"subject": subject.name, "failures": failures, "resits": rule.resits_allowed}
        ]
    return []


def eligibility_problems(
    user,
    session: ExamSession,
    subject: ExamSubject,
    *,
    replacing: Booking | None = None,
    now=None,
    subject_checked: bool = False,
) -> list[str]:
    """Why ``user`` may not book ``subject`` in ``session`` (empty list: eligible).

    ``replacing``: the booking a reschedule gives up, which does not count as a clash.
    ``subject_checked``: the caller already knows the session examines ``subject``.
    """
    now = now or timezone.now()
    problems = _session_problems(session, subject, now, subject_checked=subject_checked)
    if problems:
        return problems
    problems = _profile_problems(user)
    requirement = training_requirement(user, subject, on=session.date)
    if not requirement.met:
        problems.append(
            _("报考“%(subject)s”需先完成%(kind)s %(hours)s 学时，您已完成 %(done)s 学时，请先参加培训。")
            % {
                "subject": subject.name,
                "kind": requirement.kind_label,
                "hours": requirement.required_hours,
                "done": requirement.counted_hours,
            }
        )
    # One query for both questions: the seats the candidate holds, and their graded results in the subject.
    mine = list(
        Booking.objects.filter(candidate=user)
        .filter(
            Q(status__in=ACTIVE_STATUSES) | Q(subject=subject, status=BookingStatus.COMPLETED, passed__isnull=False)
        )
        .select_related("session", "subject")
        .order_by("-session__date", "-pk")
    )
    for other in mine:
        if not other.is_active or (replacing is not None and other.pk == replacing.pk):
            continue
        if other.subject_id == subject.pk:
            problems.append(
                _("您已预约“%(subject)s”（准考证号 %(ticket)s），如需更换场次请使用改约。")
                % {"subject": subject.name, "ticket": other.ticket_number}
            )
        elif other.session.date == session.date and (
            other.session.start_time < session.end_time and session.start_time < other.session.end_time
        ):
            problems.append(
                _("该场次与您已预约的“%(subject)s”（%(when)s）时间冲突。")
                % {"subject": other.subject.name, "when": _when(other.session)}
            )
    results = [b for b in mine if b.status == BookingStatus.COMPLETED]
    problems += _rule_problems(results, subject, session.date)
    return problems


def session_closed_reason(session: ExamSession, *, now=None) -> str | None:
    """Why nobody can book or queue for ``session`` right now (None: it takes bookings).

    The session page shows it in place of the book / waiting-list buttons; the services refuse with it.
    """
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        return _("该场次已取消，请选择其他场次。")
    if session.status == SessionStatus.CLOSED:
        return _("该场次已停止预约，请选择其他场次。")
    if session.starts_at <= now:
        return _("该场次已开考或已结束，请选择其他场次。")
    if now < session.booking_opens_at:
        return _("该场次将于 %(opens)s 开放预约。") % {
            "opens": f"{timezone.localtime(session.booking_opens_at):%Y-%m-%d %H:%M}"
        }
    if now >= session.booking_closes_at:
        return _("该场次预约已截止，请选择其他场次。")
    if not session.centre.is_active:
        return _("该考点暂停使用，请选择其他考点。")
    return None


def _session_problems(session: ExamSession, subject: ExamSubject, now, *, subject_checked: bool = False) -> list[str]:
    reason = session_closed_reason(session, now=now)
    if reason:
        return [reason]
    if not subject_checked and not session.subjects.filter(pk=subject.pk).exists():
        return [_("该场次不考“%(subject)s”，请选择其他场次。") % {"subject": subject.name}]
    return []


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise BookingError(" ".join(problems))


# --- booking -------------------------------------------------------------------------------------


@dataclass
class SeatState:
    """What the session's lock protects, read in two queries: who holds which seat, who holds a hold."""

    capacity: int
    room_seats: int
    taken: set[int | None]
    active: int
    holds: int
    own_hold: bool

    @property
    def left(self) -> int:
        return self.capacity - self.active - self.holds

    def free_seat(self) -> int | None:
        """The lowest seat number of the room no active booking holds."""
        return next((n for n in range(1, self.room_seats + 1) if n not in self.taken), None)


def seat_state_locked(session: ExamSession, *, candidate=None, now) -> SeatState:
    """Availability of a locked session (DESIGN §6): capacity − active bookings − unexpired holds.

    Lapsed holds are expired first (and their seats offered on); ``candidate``'s own hold does not
    count against them. Call only under the session's lock, in the transaction that writes.
    """
    holds = list(
        WaitlistEntry.objects.filter(session=session, status=WaitlistStatus.OFFERED).values_list(
            "candidate_id", "hold_expires_at"
        )
    )
    if any(expires <= now for _, expires in holds):
        _expire_holds_locked(session, now)
        holds = list(
            WaitlistEntry.objects.filter(session=session, status=WaitlistStatus.OFFERED).values_list(
                "candidate_id", "hold_expires_at"
            )
        )
    own = candidate is not None and any(candidate_id == candidate.pk for candidate_id, _ in holds)
    seats = list(
        Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES).values_list("seat_number", flat=True)
    )
    return SeatState(
        capacity=session.capacity,
        room_seats=session.room.seats,
        taken=set(seats),
        active=len(seats),
        holds=len(holds) - own,
        own_hold=own,
    )


def _booking_insert(*, candidate, session: ExamSession, subject: ExamSubject, seats: SeatState) -> Booking:
    seat = seats.free_seat()
    if seat is None:
        # Capacity never exceeds the room's seats (room_update checks it), so only a bug gets here.
        raise SessionFullError(_("该场次已无空座位，您可以加入候补名单。"))
    booking = Booking.objects.create(
        candidate=candidate,
        session=session,
        subject=subject,
        ticket_number=ticket_number_new(session),
        seat_number=seat,
    )
    # A seat in this subject ends the candidate's waiting for it elsewhere: left waiting, they would be
    # offered a seat they may not accept (one active booking per subject) and hold up the people behind.
    # Only WAITING rows there (they hold no seat, so no other session's lock is needed); here, the
    # candidate's own entry is accepted (their hold became this booking) or withdrawn. One UPDATE.
    here = Q(session=session, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED])
    elsewhere = Q(subject=subject, status=WaitlistStatus.WAITING) & ~Q(session=session)
    WaitlistEntry.objects.filter(Q(candidate=candidate) & (here | elsewhere)).update(
        status=Case(
            When(here, then=Value(WaitlistStatus.ACCEPTED if seats.own_hold else WaitlistStatus.CANCELLED)),
            default=Value(WaitlistStatus.CANCELLED),
        )
    )
    return booking


def _already_booked(exc: IntegrityError) -> BookingError:
    # Only a double click from the same candidate in another connection gets here (the session lock
    # serialises the rest): a partial unique index said they already hold a seat in this subject.
    return BookingError(_("您已预约该科目，请在“我的预约”中查看。"))


def _confirm(booking: Booking) -> None:
    session = booking.session
    notice_send(
        recipient=booking.candidate,
        subject_line=_("预约成功：%(subject)s") % {"subject": booking.subject.name},
        body=_(
            "您已成功预约“%(subject)s”考试。\n准考证号：%(ticket)s\n"
            "时间：%(when)s\n地点：%(centre)s %(room)s（%(address)s）\n座位号：%(seat)s\n"
            "请登录平台“我的预约”打印准考证，考试当天携带身份证原件提前30分钟到达。"
        )
        % {
            "subject": booking.subject.name,
            "ticket": booking.ticket_number,
            "when": _when(session),
            "centre": session.centre.name,
            "room": session.room.name,
            "address": session.centre.address,
            "seat": booking.seat_number or "-",
        },
        ics_booking=booking,
    )


def _locked_session_and_subject(session_id: int, subject_id: int, now) -> tuple[ExamSession, ExamSubject]:
    """Lock the session; refuse a closed one and a subject it does not examine (one query each)."""
    try:
        session = lock_session(session_id)
    except ExamSession.DoesNotExist:
        raise SessionNotFoundError(_("找不到这个场次。"), field="session") from None
    reason = session_closed_reason(session, now=now)
    if reason:
        raise BookingError(reason)
    subject = session.subjects.filter(pk=subject_id).first()
    if subject is None:
        raise BookingError(_("请选择本场次开考的科目。"), field="subject")
    return session, subject


def _eligible_session_locked(candidate, session_id: int, subject_id: int, now) -> tuple[ExamSession, ExamSubject]:
    """Lock the session and refuse a candidate who is not eligible."""
    session, subject = _locked_session_and_subject(session_id, subject_id, now)
    _raise_if(eligibility_problems(candidate, session, subject, now=now, subject_checked=True))
    return session, subject


def booking_create(*, candidate, session_id: int, subject_id: int, now: datetime.datetime | None = None) -> Booking:
    """Book a seat (the lowest free seat number of the room) under the session's lock.

    Raises ``SessionFullError`` when none is left, ``BookingError`` when not eligible. The
    confirmation (notice now, e-mail with .ics from a task after commit) is part of the booking.
    """
    try:
        return _booking_create(candidate=candidate, session_id=session_id, subject_id=subject_id, now=now)
    except IntegrityError as exc:
        # Caught outside the transaction, so the hot path needs no savepoint around the insert.
        raise _already_booked(exc) from None


@transaction.atomic
def _booking_create(*, candidate, session_id: int, subject_id: int, now: datetime.datetime | None) -> Booking:
    now = now or timezone.now()
    session, subject = _eligible_session_locked(candidate, session_id, subject_id, now)
    seats = seat_state_locked(session, candidate=candidate, now=now)
    if seats.left <= 0:
        raise SessionFullError(_("该场次已满，您可以加入候补名单，有空位时将按顺序通知您。"))
    booking = _booking_insert(candidate=candidate, session=session, subject=subject, seats=seats)
    _confirm(booking)
    return booking


def change_cutoff(session: ExamSession) -> datetime.datetime:
    """The last moment a booking in ``session`` may still be cancelled or rescheduled."""
    return session.starts_at - datetime.timedelta(hours=session.cancel_cutoff_hours)


def change_rule_text(session: ExamSession) -> str:
    """The cancel/reschedule rule in words, e.g. 考前 24 小时内不能改约或取消 (0 hours: until the start)."""
    hours = session.cancel_cutoff_hours
    if hours == 0:
        return _("开考前均可改约或取消。")
    return ngettext("考前 %(hours)d 小时内不能改约或取消。", "考前 %(hours)d 小时内不能改约或取消。", hours) % {
        "hours": hours
    }


def _cutoff_check(booking: Booking, now, verb: str) -> None:
    session = booking.session
    cutoff = change_cutoff(session)
    if now < cutoff:
        return
    when = f"{timezone.localtime(cutoff):%Y-%m-%d %H:%M}"
    if session.cancel_cutoff_hours == 0:
        raise BookingError(
            _("场次已于 %(cutoff)s 开考，不能%(action)s。如有特殊情况请联系考点。") % {"action": verb, "cutoff": when}
        )
    raise BookingError(
        ngettext(
            "考前 %(hours)d 小时内不能%(action)s（截止于 %(cutoff)s）。如有特殊情况请联系考点。",
            "考前 %(hours)d 小时内不能%(action)s（截止于 %(cutoff)s）。如有特殊情况请联系考点。",
            session.cancel_cutoff_hours,
        )
        % {"hours": session.cancel_cutoff_hours, "action": verb, "cutoff": when}
    )


def _own_active_booking(candidate, booking_id: int) -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("session", "subject", "candidate")
        .filter(pk=booking_id, candidate=candidate)
        .first()
    )
    if booking is None:
        raise BookingError(_("找不到这条预约。"))
    if booking.status != BookingStatus.BOOKED:
        raise BookingError(_("这条预约当前状态为“%(status)s”，不能再操作。") % {"status": booking.get_status_display()})
    return booking


@transaction.atomic
def booking_cancel(*, candidate, booking_id: int, now: datetime.datetime | None = None) -> Booking:
    """Cancel before the cut-off; the seat is freed at once and offered to the waiting list."""
    now = now or timezone.now()
    session_id = Booking.objects.filter(pk=booking_id, candidate=candidate).values_list("session_id", flat=True).first()
    if session_id is None:
        raise BookingError(_("找不到这条预约。"))
    session = lock_session(session_id)
    booking = _own_active_booking(candidate, booking_id)
    _cutoff_check(booking, now, _("取消"))
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at"])
    notice_send(
        recipient=candidate,
        subject_line=_("预约已取消：%(subject)s") % {"subject": booking.subject.name},
        body=_("您预约的“%(subject)s”（%(when)s，准考证号 %(ticket)s）已取消。")
        % {"subject": booking.subject.name, "when": _when(session), "ticket": booking.ticket_number},
    )
    _offer_free_seats(session, now)
    return booking


def booking_reschedule(
    *, candidate, booking_id: int, new_session_id: int, now: datetime.datetime | None = None
) -> Booking:
    """Move a booking to another session of the same subject: all or nothing, under both locks.

    The new booking gets the lowest free seat of the new session's room; the old seat is freed.
    """
    try:
        return _booking_reschedule(candidate=candidate, booking_id=booking_id, new_session_id=new_session_id, now=now)
    except IntegrityError as exc:
        raise _already_booked(exc) from None


@transaction.atomic
def _booking_reschedule(*, candidate, booking_id: int, new_session_id: int, now: datetime.datetime | None) -> Booking:
    now = now or timezone.now()
    old_session_id = (
        Booking.objects.filter(pk=booking_id, candidate=candidate).values_list("session_id", flat=True).first()
    )
    if old_session_id is None:
        raise BookingError(_("找不到这条预约。"))
    if old_session_id == new_session_id:
        raise BookingError(_("新场次与原场次相同，请选择其他场次。"))
    sessions = lock_sessions([old_session_id, new_session_id])
    old = _own_active_booking(candidate, booking_id)
    _cutoff_check(old, now, _("改约"))
    new_session = sessions[new_session_id]
    _raise_if(eligibility_problems(candidate, new_session, old.subject, replacing=old, now=now))
    seats = seat_state_locked(new_session, candidate=candidate, now=now)
    if seats.left <= 0:
        raise SessionFullError(_("新场次已满，原预约保持不变。"))
    # Both locks are held and the new seat is known to be free: release the old, take the new.
    old.status = BookingStatus.CANCELLED
    old.cancelled_at = now
    old.save(update_fields=["status", "cancelled_at"])
    booking = _booking_insert(candidate=candidate, session=new_session, subject=old.subject, seats=seats)
    _confirm(booking)
    _offer_free_seats(sessions[old_session_id], now)
    return booking


# --- waiting list --------------------------------------------------------------------------------


@transaction.atomic
def waitlist_join(*, candidate, session_id: int, subject_id: int, now=None) -> WaitlistEntry:
    """Queue for a full session; the candidate must be eligible apart from the missing seat."""
    now = now or timezone.now()
    session, subject = _eligible_session_locked(candidate, session_id, subject_id, now)
    if WaitlistEntry.objects.filter(
        session=session, candidate=candidate, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
    ).exists():
        raise BookingError(_("您已在该场次的候补名单中。"))
    if seat_state_locked(session, now=now).left > 0:
        raise BookingError(_("该场次还有空位，请直接预约。"))
    return WaitlistEntry.objects.create(session=session, candidate=candidate, subject=subject)


@transaction.atomic
def waitlist_leave(*, candidate, entry_id: int, now=None) -> None:
    now = now or timezone.now()
    session_id = (
        WaitlistEntry.objects.filter(pk=entry_id, candidate=candidate).values_list("session_id", flat=True).first()
    )
    if session_id is None:
        raise BookingError(_("找不到这条候补记录。"))
    session = lock_session(session_id)
    updated = WaitlistEntry.objects.filter(
        pk=entry_id, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
    ).update(status=WaitlistStatus.CANCELLED)
    if not updated:
        raise BookingError(_("这条候补记录已结束。"))
    _offer_free_seats(session, now)


def waitlist_accept(*, candidate, entry_id: int, now=None) -> Booking:
    """Turn a held seat into a booking (the hold is the candidate's own, so it does not block them)."""
    entry = WaitlistEntry.objects.filter(pk=entry_id, candidate=candidate).first()
    if entry is None:
        raise BookingError(_("找不到这条候补记录。"))
    now = now or timezone.now()
    if entry.status != WaitlistStatus.OFFERED or entry.hold_expires_at <= now:
        raise BookingError(_("座位保留已过期或尚未为您保留座位。"))
    return booking_create(candidate=candidate, session_id=entry.session_id, subject_id=entry.subject_id, now=now)


def _expire_holds_locked(session: ExamSession, now) -> int:
    expired = list(
        WaitlistEntry.objects.filter(
            session=session, status=WaitlistStatus.OFFERED, hold_expires_at__lte=now
        ).select_related("candidate", "subject")
    )
    for entry in expired:
        entry.status = WaitlistStatus.EXPIRED
        entry.save(update_fields=["status"])
        notice_send(
            recipient=entry.candidate,
            subject_line=_("候补座位保留已过期"),
            body=_("为您保留的“%(subject)s”（%(when)s）座位已过期，座位已按顺序让给下一位候补考生。")
            % {"subject": entry.subject.name, "when": _when(session)},
        )
    if expired:
        _offer_free_seats(session, now)
    return len(expired)


def _offer_free_seats(session: ExamSession, now) -> int:
    """Offer every free seat to the next people on the list, in order (caller holds the lock)."""
    if session.status != SessionStatus.OPEN or session.starts_at <= now:
        return 0
    free = seats_left(session, now=now)
    if free <= 0:
        return 0
    waiting = list(
        WaitlistEntry.objects.filter(session=session, status=WaitlistStatus.WAITING)
        .select_related("candidate", "subject")
        .order_by("created_at", "pk")[:free]
    )
    # A hold never outlives the booking window.
    expires = min(now + datetime.timedelta(minutes=hold_minutes()), session.booking_closes_at)
    for entry in waiting:
        entry.status = WaitlistStatus.OFFERED
        entry.offered_at = now
        entry.hold_expires_at = expires
        entry.save(update_fields=["status", "offered_at", "hold_expires_at"])
        notice_send(
            recipient=entry.candidate,
            subject_line=_("候补成功：已为您保留“%(subject)s”座位") % {"subject": entry.subject.name},
            body=_(
                "“%(subject)s”（%(when)s，%(centre)s）有空位了，已为您保留，"
                "请在 %(expires)s 前登录“我的预约”确认预约，逾期将顺延给下一位。"
            )
            % {
                "subject": entry.subject.name,
                "when": _when(session),
                "centre": session.centre.name,
                "expires": f"{timezone.localtime(expires):%Y-%m-%d %H:%M}",
            },
        )
    return len(waiting)


def waitlist_expire_holds(*, now=None) -> int:
    """Expire lapsed holds everywhere and pass the seats on (management command / periodic job)."""
    now = now or timezone.now()
    total = 0
    session_ids = (
        WaitlistEntry.objects.filter(status=WaitlistStatus.OFFERED, hold_expires_at__lte=now)
        .values_list("session_id", flat=True)
        .distinct()
    )
    for session_id in list(session_ids):
        with transaction.atomic():
            total += _expire_holds_locked(lock_session(session_id), now)
    return total
