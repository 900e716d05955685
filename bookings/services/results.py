"""Results import: the exam system's workbook of scores, all rows or none (DESIGN §4 reading rules).

Each problem is a :class:`~edu_platform.errors.Problem` with its Excel row and column, so the page
lists them in row order without reading numbers back out of translated text.
"""

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log
from edu_platform.errors import Problem
from edu_platform.excel import unguard_cell_value
from exams.selectors import exam_rule_for

from ..errors import ResultsImportError
from ..models import Booking, BookingStatus
from ..notify import notice_send
from ..signals import booking_result_recorded
from .staff import _require_staff

HEADER_ALIASES = {
    "ticket": {"准考证号", "准考证", "准考证编号"},
    "score": {"成绩", "分数", "得分", "考试成绩", "理论成绩", "理论考试成绩"},
    "practical": {"实操成绩", "实操", "实操得分", "实际操作成绩", "实操考试成绩"},
    "passed": {"是否合格", "合格", "结果", "考试结果", "是否通过"},
}
PASS_WORDS = {"是", "合格", "通过", "1", "Y", "YES", "TRUE", "√"}
FAIL_WORDS = {"否", "不合格", "未通过", "0", "N", "NO", "FALSE", "×"}
# A practical part is marked out of 100 (安全技术实际操作考试).
PRACTICAL_FULL_MARKS = Decimal(100)


@dataclass
class ResultRow:
    row: int
    ticket: str
    score: Decimal
    practical: Decimal | None
    passed: bool | None


def _norm_header(value) -> str:
    return "".join(str(value or "").split())


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


class _Sheet:
    """The header row found, the column names as the file spells them, and the rows after it."""

    def __init__(self, content: bytes):
        from openpyxl import load_workbook

        self.problems: list[Problem] = []
        self.rows: list[ResultRow] = []
        self.columns: dict[str, int] = {}
        self.names: dict[str, str] = {}
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types for a file that is not xlsx
            self.problems.append(Problem(_("文件无法读取：请上传 .xlsx 格式的成绩表。")))
            return
        try:
            self._read(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()

    def _problem(self, row: int, key: str, message: str) -> None:
        self.problems.append(Problem(message, row=row, column=self.names.get(key)))

    def _read(self, rows) -> None:
        header_row = 0
        for number, row in enumerate(rows, start=1):
            if not self.columns:
                names = [_norm_header(c) for c in row]
                found = {
                    key: index
                    for key, aliases in HEADER_ALIASES.items()
                    for index, name in enumerate(names)
                    if name in aliases
                }
                if "ticket" in found and "score" in found:
                    self.columns, header_row = found, number
                    self.names = {key: names[index] for key, index in found.items()}
                elif number >= 10:
                    break
                continue
            cells = list(row)
            if all(_blank(c) for c in cells):
                continue
            self._row(number, {key: cells[i] if i < len(cells) else None for key, i in self.columns.items()})
        if not self.columns:
            self.problems.append(Problem(_("找不到表头：前10行中应有“准考证号”和“成绩”两列。")))
        elif not self.rows and not self.problems:
            self.problems.append(Problem(_("第%(row)d行之后没有成绩数据。") % {"row": header_row}, row=header_row))

    def _row(self, number: int, values: dict) -> None:
        ticket = unguard_cell_value(str(values.get("ticket") or "")).strip().upper()
        if not ticket:
            self._problem(number, "ticket", _("第%(row)d行：准考证号为空。") % {"row": number})
            return
        raw_score = values.get("score")
        score = _decimal(raw_score)
        if score is None:
            self._problem(
                number,
                "score",
                _("第%(row)d行：成绩“%(score)s”不是数字。") % {"row": number, "score": raw_score or ""},
            )
            return
        practical = None
        raw_practical = values.get("practical")
        if not _blank(raw_practical):
            practical = _decimal(raw_practical)
            if practical is None:
                self._problem(
                    number,
                    "practical",
                    _("第%(row)d行：实操成绩“%(score)s”不是数字。") % {"row": number, "score": raw_practical},
                )
                return
        passed_raw = str(values.get("passed") or "").strip().upper()
        passed = None
        if passed_raw:
            if passed_raw in PASS_WORDS:
                passed = True
            elif passed_raw in FAIL_WORDS:
                passed = False
            else:
                self._problem(
                    number,
                    "passed",
                    _("第%(row)d行：是否合格“%(value)s”无法识别，请填写“合格”或“不合格”。")
                    % {"row": number, "value": passed_raw},
                )
                return
        self.rows.append(ResultRow(number, ticket, score, practical, passed))


def _one_decimal(value: Decimal) -> bool:
    return value == value.quantize(Decimal("0.1"))


def _check_row(sheet: _Sheet, item: ResultRow, booking: Booking, now) -> bool | None:
    """The derived pass/fail for one row, or None after recording why the row is refused."""
    number, ticket = item.row, item.ticket
    session = booking.session
    if session.starts_at > now:
        sheet._problem(
            number,
            "ticket",
            _("第%(row)d行：准考证号 %(ticket)s 的场次 %(starts)s 才开考，开考前不能录入成绩。")
            % {"row": number, "ticket": ticket, "starts": f"{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}"},
        )
        return None
    if booking.status not in (BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
        sheet._problem(
            number,
            "ticket",
            _("第%(row)d行：准考证号 %(ticket)s 的考生未签到（%(status)s），不能录入成绩。")
            % {"row": number, "ticket": ticket, "status": booking.get_status_display()},
        )
        return None
    rule = exam_rule_for(booking.subject, on=session.date)
    if not Decimal(0) <= item.score <= Decimal(rule.full_marks):
        sheet._problem(
            number,
            "score",
            _("第%(row)d行：成绩 %(score)s 超出范围（0–%(full)s）。")
            % {"row": number, "score": item.score, "full": rule.full_marks},
        )
        return None
    if not _one_decimal(item.score):
        sheet._problem(
            number, "score", _("第%(row)d行：成绩 %(score)s 最多保留一位小数。") % {"row": number, "score": item.score}
        )
        return None
    practical_required = booking.subject.practical_required
    derived = item.score >= rule.pass_mark
    if practical_required:
        if item.practical is None:
            column = sheet.names.get("practical") or _("实操成绩")
            sheet._problem(
                number,
                "practical",
                _("第%(row)d行：科目“%(subject)s”含实操考试，请在“%(column)s”列填写实操成绩。")
                % {"row": number, "subject": booking.subject.name, "column": column},
            )
            return None
        if not Decimal(0) <= item.practical <= PRACTICAL_FULL_MARKS or not _one_decimal(item.practical):
            sheet._problem(
                number,
                "practical",
                _("第%(row)d行：实操成绩 %(score)s 应在0–%(full)s之间，最多保留一位小数。")
                % {"row": number, "score": item.practical, "full": PRACTICAL_FULL_MARKS},
            )
            return None
        derived = derived and item.practical >= rule.practical_pass_mark
    elif item.practical is not None:
        sheet._problem(
            number,
            "practical",
            _("第%(row)d行：科目“%(subject)s”没有实操考试，请清空该行的实操成绩。")
            % {"row": number, "subject": booking.subject.name},
        )
        return None
    if item.passed is not None and item.passed != derived:
        pass_rule = _("理论合格线 %(mark)s 分") % {"mark": rule.pass_mark}
        if practical_required:
            pass_rule += _("，实操合格线 %(mark)s 分") % {"mark": rule.practical_pass_mark}
        sheet._problem(
            number,
            "passed",
            _("第%(row)d行：成绩与“%(result)s”不一致（%(rule)s）。")
            % {"row": number, "result": _("合格") if item.passed else _("不合格"), "rule": pass_rule},
        )
        return None
    return derived


@transaction.atomic
def results_import(*, actor, content: bytes, now=None) -> int:
    """Import results from the exam system's workbook: all rows or none; problems name row and column.

    A row is refused before its session has started. Each booking whose result is recorded or changed
    gets a notice and ``booking_result_recorded`` (inside this transaction, so a listener's writes
    commit or roll back with the results). Returns how many bookings changed (re-importing the same
    file changes none).
    """
    _require_staff(actor)
    now = now or timezone.now()
    sheet = _Sheet(content)
    bookings = {
        b.ticket_number: b
        for b in Booking.objects.select_for_update(of=("self",))
        .select_related("session", "subject", "candidate")
        .filter(ticket_number__in=[item.ticket for item in sheet.rows])
    }
    seen: dict[str, int] = {}
    updates: list[tuple[Booking, ResultRow, bool]] = []
    for item in sheet.rows:
        booking = bookings.get(item.ticket)
        if booking is None:
            sheet._problem(
                item.row,
                "ticket",
                _("第%(row)d行：准考证号 %(ticket)s 不存在。") % {"row": item.row, "ticket": item.ticket},
            )
            continue
        if item.ticket in seen:
            sheet._problem(
                item.row,
                "ticket",
                _("第%(row)d行：准考证号 %(ticket)s 与第%(other)d行重复。")
                % {"row": item.row, "ticket": item.ticket, "other": seen[item.ticket]},
            )
            continue
        seen[item.ticket] = item.row
        passed = _check_row(sheet, item, booking, now)
        if passed is not None:
            updates.append((booking, item, passed))
    if sheet.problems:
        raise ResultsImportError(sheet.problems)
    changed = 0
    for booking, item, passed in updates:
        if (
            booking.score == item.score
            and booking.practical_score == item.practical
            and booking.passed == passed
            and booking.status == BookingStatus.COMPLETED
        ):
            continue
        changed += 1
        booking.score = item.score
        booking.practical_score = item.practical
        booking.passed = passed
        booking.status = BookingStatus.COMPLETED
        booking.result_recorded_at = now
        booking.save(update_fields=["score", "practical_score", "passed", "status", "result_recorded_at"])
        score_text = str(item.score)
        if item.practical is not None:
            score_text = _("理论 %(theory)s 分、实操 %(practical)s") % {
                "theory": item.score,
                "practical": item.practical,
            }
        notice_send(
            recipient=booking.candidate,
            subject_line=_("考试成绩：%(subject)s") % {"subject": booking.subject.name},
            body=_("您“%(subject)s”（%(date)s）考试成绩为 %(score)s 分，%(result)s。")
            % {
                "subject": booking.subject.name,
                "date": f"{booking.session.date:%Y-%m-%d}",
                "score": score_text,
                "result": _("合格") if passed else _("不合格"),
            },
        )
        booking_result_recorded.send(sender=Booking, booking=booking, actor=actor)
    audit_log("bookings.results.imported", target=actor, actor=actor, data={"rows": len(updates), "changed": changed})
    return changed
