"""Exam-admin writes: sessions, close/cancel, check-in, absentees, results import."""

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log
from edu_platform.excel import unguard_cell_value
from exams.models import ExamSubject
from exams.selectors import exam_rule_for

from ..errors import BookingError, ResultsImportError
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


@transaction.atomic
def booking_check_in(*, actor, session_id: int, code: str, now=None) -> CheckInResult:
    """Check a candidate in by scanned QR code or typed ticket number. Idempotent."""
    _require_staff(actor)
    now = now or timezone.now()
    ticket_number = ticket_number_from_code(code)
    session = ExamSession.objects.select_related("centre", "room").filter(pk=session_id).first()
    if session is None:
        raise BookingError(_("请先选择本场次。"))
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("candidate", "subject", "session", "session__centre", "session__room")
        .filter(ticket_number=ticket_number)
        .first()
    )
    if booking is None:
        raise BookingError(_("准考证号 %(ticket)s 不存在，请核对。") % {"ticket": ticket_number})
    if booking.session_id != session.pk:
        other = booking.session
        raise BookingError(
            _("该考生不属于本场次：其预约为 %(when)s %(centre)s %(room)s。")
            % {"when": _when(other), "centre": other.centre.name, "room": other.room.name}
        )
    if session.date != timezone.localdate(now):
        raise BookingError(_("本场次日期为 %(date)s，不是今天，不能签到。") % {"date": f"{session.date:%Y-%m-%d}"})
    if session.status == SessionStatus.CANCELLED:
        raise BookingError(_("本场次已取消。"))
    if booking.status in (BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
        return CheckInResult(booking=booking, already=True)
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


# --- results -------------------------------------------------------------------------------------

HEADER_ALIASES = {
    "ticket": {"准考证号", "准考证", "准考证编号"},
    "score": {"成绩", "分数", "得分", "考试成绩"},
    "passed": {"是否合格", "合格", "结果", "考试结果", "是否通过"},
}
PASS_WORDS = {"是", "合格", "通过", "1", "Y", "YES", "TRUE", "√"}
FAIL_WORDS = {"否", "不合格", "未通过", "0", "N", "NO", "FALSE", "×"}


def _norm_header(value) -> str:
    return "".join(str(value or "").split())


def _parse_results(content: bytes) -> tuple[list[tuple[int, str, Decimal, bool | None]], list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not xlsx
        return [], [_("文件无法读取：请上传 .xlsx 格式的成绩表。")]
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    columns: dict[str, int] = {}
    header_row = 0
    parsed, errors = [], []
    for number, row in enumerate(rows, start=1):
        if not columns:
            names = [_norm_header(c) for c in row]
            found = {key: names.index(n) for key, aliases in HEADER_ALIASES.items() for n in names if n in aliases}
            if "ticket" in found and "score" in found:
                columns, header_row = found, number
            elif number >= 10:
                break
            continue
        cells = list(row)
        if all(c is None or str(c).strip() == "" for c in cells):
            continue

        values = {key: cells[i] if i < len(cells) else None for key, i in columns.items()}
        ticket = unguard_cell_value(str(values.get("ticket") or "")).strip().upper()
        if not ticket:
            errors.append(_("第%(row)d行：准考证号为空。") % {"row": number})
            continue
        raw_score = values.get("score")
        try:
            score = Decimal(str(raw_score).strip())
        except (InvalidOperation, ValueError):
            errors.append(_("第%(row)d行：成绩“%(score)s”不是数字。") % {"row": number, "score": raw_score or ""})
            continue
        passed_raw = str(values.get("passed") or "").strip().upper()
        passed = None
        if passed_raw:
            if passed_raw in PASS_WORDS:
                passed = True
            elif passed_raw in FAIL_WORDS:
                passed = False
            else:
                errors.append(
                    _("第%(row)d行：是否合格“%(value)s”无法识别，请填写“合格”或“不合格”。")
                    % {"row": number, "value": passed_raw}
                )
                continue
        parsed.append((number, ticket, score, passed))
    workbook.close()
    if not columns:
        return [], [_("找不到表头：前10行中应有“准考证号”和“成绩”两列。")]
    if not parsed and not errors:
        errors.append(_("第%(row)d行之后没有成绩数据。") % {"row": header_row})
    return parsed, errors


def _row_of(error: str) -> int:
    # Messages are translated, so take the first number (every row message starts with its row).
    match = re.search(r"\d+", error)
    return int(match.group(0)) if match else 0


@transaction.atomic
def results_import(*, actor, content: bytes) -> int:
    """Import results from the exam system's workbook: all rows or none; errors name the row.

    Returns how many bookings changed (re-importing the same file changes none).
    """
    _require_staff(actor)
    parsed, errors = _parse_results(content)
    bookings = {
        b.ticket_number: b
        for b in Booking.objects.select_for_update(of=("self",))
        .select_related("session", "subject", "candidate")
        .filter(ticket_number__in=[t for _, t, _, _ in parsed])
    }
    seen: dict[str, int] = {}
    updates = []
    for number, ticket, score, passed in parsed:
        booking = bookings.get(ticket)
        if booking is None:
            errors.append(_("第%(row)d行：准考证号 %(ticket)s 不存在。") % {"row": number, "ticket": ticket})
            continue
        if ticket in seen:
            errors.append(
                _("第%(row)d行：准考证号 %(ticket)s 与第%(other)d行重复。")
                % {"row": number, "ticket": ticket, "other": seen[ticket]}
            )
            continue
        seen[ticket] = number
        if booking.status not in (BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
            errors.append(
                _("第%(row)d行：准考证号 %(ticket)s 的考生未签到（%(status)s），不能录入成绩。")
                % {"row": number, "ticket": ticket, "status": booking.get_status_display()}
            )
            continue
        rule = exam_rule_for(booking.subject, booking.session.date)
        if not Decimal(0) <= score <= Decimal(rule.full_marks):
            errors.append(
                _("第%(row)d行：成绩 %(score)s 超出范围（0–%(full)s）。")
                % {"row": number, "score": score, "full": rule.full_marks}
            )
            continue
        if score != score.quantize(Decimal("0.1")):
            errors.append(_("第%(row)d行：成绩 %(score)s 最多保留一位小数。") % {"row": number, "score": score})
            continue
        derived = score >= rule.pass_mark
        if passed is not None and passed != derived:
            errors.append(
                _("第%(row)d行：成绩 %(score)s 与“%(result)s”不一致（合格线 %(pass_mark)s 分）。")
                % {
                    "row": number,
                    "score": score,
                    "result": _("合格") if passed else _("不合格"),
                    "pass_mark": rule.pass_mark,
                }
            )
            continue
        updates.append((booking, score, derived))
    if errors:
        raise ResultsImportError(sorted(errors, key=_row_of))
    now = timezone.now()
    changed = 0
    for booking, score, passed in updates:
        if booking.score == score and booking.passed == passed and booking.status == BookingStatus.COMPLETED:
            continue
        changed += 1
        booking.score, booking.passed, booking.status, booking.result_recorded_at = (
            score,
            passed,
            BookingStatus.COMPLETED,
            now,
        )
        booking.save(update_fields=["score", "passed", "status", "result_recorded_at"])
        notice_send(
            recipient=booking.candidate,
            subject_line=_("考试成绩：%(subject)s") % {"subject": booking.subject.name},
            body=_("您“%(subject)s”（%(date)s）考试成绩为 %(score)s 分，%(result)s。")
            % {
                "subject": booking.subject.name,
                "date": f"{booking.session.date:%Y-%m-%d}",
                "score": score,
                "result": _("合格") if passed else _("不合格"),
            },
        )
    audit_log("bookings.results.imported", target=actor, actor=actor, data={"rows": len(updates), "changed": changed})
    return changed
