"""Records that cannot drift: results only after the start, check-in only inside the centre's window,
problems carried with their row and column, the result signal sent inside the transaction."""

import datetime
import io

import pytest
import time_machine
from openpyxl import Workbook

from bookings.errors import BookingError, ResultsImportError
from bookings.models import Booking, BookingStatus
from bookings.services import booking_check_in, booking_create, check_in_window, results_import
from bookings.signals import booking_result_recorded

from . import factories as f

pytestmark = pytest.mark.django_db


def _results_file(rows, headers=("准考证号", "姓名", "成绩", "是否合格")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _checked_in(session, admin, n=1):
    subject_id = session.subjects.first().pk
    bookings = [booking_create(candidate=f.candidate(), session_id=session.pk, subject_id=subject_id) for _ in range(n)]
    with time_machine.travel(session.starts_at - datetime.timedelta(minutes=10)):
        for booking in bookings:
            booking_check_in(actor=admin, session_id=session.pk, code=booking.ticket_number)
    return bookings


@pytest.fixture
def received():
    calls = []

    def listener(sender, booking, actor, **kwargs):
        # Inside the results transaction: the row is already written when listeners run.
        calls.append((Booking.objects.get(pk=booking.pk).status, booking.pk, actor))

    booking_result_recorded.connect(listener)
    yield calls
    booking_result_recorded.disconnect(listener)


def test_results_refused_before_the_session_starts_and_the_message_says_when(received):
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    (b,) = _checked_in(s, admin)
    content = _results_file([(b.ticket_number, "甲", 90, "")])
    with time_machine.travel(s.starts_at - datetime.timedelta(minutes=5)), pytest.raises(ResultsImportError) as info:
        results_import(actor=admin, content=content)
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (2, "准考证号")
    assert f"{s.date:%Y-%m-%d} 09:00" in problem.message and "开考前不能录入成绩" in problem.message
    assert Booking.objects.get(pk=b.pk).score is None
    assert received == []
    with time_machine.travel(s.starts_at + datetime.timedelta(hours=2)):
        assert results_import(actor=admin, content=content) == 1


def test_result_signal_once_per_recorded_or_changed_booking_with_the_actor(received):
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    b1, b2 = _checked_in(s, admin, 2)
    with time_machine.travel(s.ends_at):
        results_import(
            actor=admin, content=_results_file([(b1.ticket_number, "", 90, ""), (b2.ticket_number, "", 60, "")])
        )
        assert sorted(pk for _, pk, _ in received) == sorted([b1.pk, b2.pk])
        assert all(status == BookingStatus.COMPLETED and actor == admin for status, _, actor in received)
        received.clear()
        # Same file again: nothing changed, nothing sent. One corrected score: one signal.
        results_import(
            actor=admin, content=_results_file([(b1.ticket_number, "", 90, ""), (b2.ticket_number, "", 60, "")])
        )
        assert received == []
        results_import(
            actor=admin, content=_results_file([(b1.ticket_number, "", 90, ""), (b2.ticket_number, "", 85, "")])
        )
    assert [pk for _, pk, _ in received] == [b2.pk]
    assert Booking.objects.get(pk=b2.pk).passed is True


def test_a_failing_listener_rolls_the_whole_import_back():
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    (b,) = _checked_in(s, admin)

    def broken(sender, **kwargs):
        raise RuntimeError("certificate register unavailable")

    booking_result_recorded.connect(broken)
    try:
        with time_machine.travel(s.ends_at), pytest.raises(RuntimeError):
            results_import(actor=admin, content=_results_file([(b.ticket_number, "", 90, "")]))
    finally:
        booking_result_recorded.disconnect(broken)
    b.refresh_from_db()
    assert (b.status, b.score) == (BookingStatus.CHECKED_IN, None)


def test_import_problems_carry_row_and_column_and_sort_by_row():
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    (b,) = _checked_in(s, admin)
    rows = [(f"YM{n:012d}", "", 90, "") for n in range(1, 11)] + [(b.ticket_number, "", "abc", "")]
    with time_machine.travel(s.ends_at), pytest.raises(ResultsImportError) as info:
        results_import(actor=admin, content=_results_file(rows, headers=("准考证号", "姓名", "考试成绩", "结果")))
    problems = info.value.problems
    # Row 12 is refused while reading, rows 2–11 later: still listed in row order (2, 3, …, 10, 11, 12).
    assert [p.row for p in problems] == list(range(2, 13))
    assert problems[-1].column == "考试成绩" and "不是数字" in problems[-1].message
    assert {p.column for p in problems[:-1]} == {"准考证号"}
    assert info.value.errors == [p.message for p in problems]


def test_booking_error_is_a_domain_error_with_field():
    from edu_platform.errors import DomainError

    error = BookingError("请先选择本场次。", field="session")
    assert isinstance(error, DomainError)
    assert (error.message, error.field, [p.message for p in error.problems]) == (
        "请先选择本场次。",
        "session",
        ["请先选择本场次。"],
    )


def test_check_in_only_inside_the_centres_window_and_the_refusal_says_the_window():
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    subject_id = s.subjects.first().pk
    b = booking_create(candidate=f.candidate(), session_id=s.pk, subject_id=subject_id)
    opens, closes = check_in_window(s)
    assert (s.starts_at - opens, closes - s.starts_at) == (
        datetime.timedelta(minutes=60),
        datetime.timedelta(minutes=30),
    )
    with time_machine.travel(opens - datetime.timedelta(minutes=1)), pytest.raises(BookingError) as early:
        booking_check_in(actor=admin, session_id=s.pk, code=b.ticket_number)
    assert "签到尚未开始" in early.value.message and "08:00–09:30" in early.value.message
    with time_machine.travel(closes + datetime.timedelta(minutes=1)), pytest.raises(BookingError) as late:
        booking_check_in(actor=admin, session_id=s.pk, code=b.ticket_number)
    assert "签到已截止" in late.value.message and "开考前60分钟至开考后30分钟" in late.value.message
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.BOOKED
    with time_machine.travel(closes):
        assert not booking_check_in(actor=admin, session_id=s.pk, code=b.ticket_number).already


def test_centre_sets_its_own_check_in_window():
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    centre = s.centre
    centre.check_in_opens_minutes, centre.check_in_closes_minutes = 15, 0
    centre.save()
    b = booking_create(candidate=f.candidate(), session_id=s.pk, subject_id=s.subjects.first().pk)
    with (
        time_machine.travel(s.starts_at - datetime.timedelta(minutes=20)),
        pytest.raises(BookingError, match="08:45–09:00"),
    ):
        booking_check_in(actor=admin, session_id=s.pk, code=b.ticket_number)
    with time_machine.travel(s.starts_at - datetime.timedelta(minutes=10)):
        booking_check_in(actor=admin, session_id=s.pk, code=b.ticket_number)
    # A second scan after the window still only confirms the first.
    with time_machine.travel(s.starts_at + datetime.timedelta(minutes=5)):
        assert booking_check_in(actor=admin, session_id=s.pk, code=b.ticket_number).already


def test_practical_subject_needs_both_scores_and_passes_only_on_both():
    admin = f.exam_admin()
    subj = f.subject("high-voltage", "高压电工作业")
    subj.practical_required = True
    subj.save()
    s = f.session(days_ahead=2, subjects=[subj])
    b1, b2, b3 = _checked_in(s, admin, 3)
    headers = ("准考证号", "姓名", "理论成绩", "实操成绩", "是否合格")
    with time_machine.travel(s.ends_at), pytest.raises(ResultsImportError) as info:
        results_import(actor=admin, content=_results_file([(b1.ticket_number, "", 90, "", "")], headers=headers))
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (2, "实操成绩") and "含实操考试" in problem.message
    rows = [(b1.ticket_number, "", 90, 85, ""), (b2.ticket_number, "", 90, 70, ""), (b3.ticket_number, "", 70, 95, "")]
    with time_machine.travel(s.ends_at):
        assert results_import(actor=admin, content=_results_file(rows, headers=headers)) == 3
    got = {b.pk: (b.passed, b.practical_score) for b in Booking.objects.filter(session=s)}
    assert got[b1.pk][0] is True and float(got[b1.pk][1]) == 85.0
    assert got[b2.pk][0] is False  # practical below the rule's 80
    assert got[b3.pk][0] is False  # theory below the rule's 80


def test_practical_score_for_a_theory_only_subject_is_refused():
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    (b,) = _checked_in(s, admin)
    headers = ("准考证号", "姓名", "成绩", "实操成绩")
    with time_machine.travel(s.ends_at), pytest.raises(ResultsImportError, match="没有实操考试"):
        results_import(actor=admin, content=_results_file([(b.ticket_number, "", 90, 90)], headers=headers))
