import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bookings.errors import BookingError, ResultsImportError
from bookings.models import Booking, BookingNotice, BookingStatus, ExamSession
from bookings.services import (
    booking_check_in,
    booking_create,
    results_import,
    sessions_bulk_create,
    sessions_mark_absentees,
)
from bookings.tickets import ticket_code

from . import factories as f

pytestmark = pytest.mark.django_db


def _booked(session, n=1):
    subj = session.subjects.first()
    return [booking_create(candidate=f.candidate(), session_id=session.pk, subject_id=subj.pk) for _ in range(n)]


def _on_exam_day(session):
    return time_machine.travel(session.starts_at - datetime.timedelta(minutes=20))


def _after_exam(session):
    return time_machine.travel(session.ends_at + datetime.timedelta(minutes=30))


def test_check_in_by_signed_code_is_idempotent():
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    (b,) = _booked(s)
    with _on_exam_day(s):
        first = booking_check_in(actor=admin, session_id=s.pk, code=ticket_code(b.ticket_number))
        second = booking_check_in(actor=admin, session_id=s.pk, code=b.ticket_number.lower())
    assert not first.already and second.already
    b.refresh_from_db()
    assert b.status == BookingStatus.CHECKED_IN
    assert Booking.objects.filter(session=s, status=BookingStatus.CHECKED_IN).count() == 1


def test_forged_or_altered_code_is_refused():
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    (b,) = _booked(s)
    code = ticket_code(b.ticket_number)
    altered = code.replace(b.ticket_number, b.ticket_number[:-1] + ("1" if b.ticket_number[-1] != "1" else "2"))
    with _on_exam_day(s):
        for bad in (altered, b.ticket_number + ":forged", code[:-2] + "xx"):
            with pytest.raises(BookingError, match="签名校验失败"):
                booking_check_in(actor=admin, session_id=s.pk, code=bad)
    b.refresh_from_db()
    assert b.status == BookingStatus.BOOKED


def test_wrong_day_and_wrong_session_refused():
    admin = f.exam_admin()
    s1 = f.session(days_ahead=2)
    s2 = f.session(days_ahead=2, start="14:00", end="16:00")
    (b,) = _booked(s1)
    with pytest.raises(BookingError, match="不是今天"):
        booking_check_in(actor=admin, session_id=s1.pk, code=b.ticket_number)
    with _on_exam_day(s1), pytest.raises(BookingError, match="不属于本场次"):
        booking_check_in(actor=admin, session_id=s2.pk, code=b.ticket_number)
    b.refresh_from_db()
    assert b.status == BookingStatus.BOOKED


def test_check_in_by_non_staff_refused(client):
    s = f.session(days_ahead=2)
    (b,) = _booked(s)
    user = f.candidate()
    with pytest.raises(BookingError, match="考务管理员"):
        booking_check_in(actor=user, session_id=s.pk, code=b.ticket_number)
    client.force_login(user)
    response = client.post(reverse("bookings_admin:check_in"), {"session": s.pk, "code": b.ticket_number})
    assert response.status_code in (302, 403)
    b.refresh_from_db()
    assert b.status == BookingStatus.BOOKED


def test_check_in_page_shows_name_and_masked_id_and_second_scan(client):
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    (b,) = _booked(s)
    client.force_login(admin)
    with _on_exam_day(s):
        url = reverse("bookings_admin:check_in")
        html = client.post(url, {"session": s.pk, "code": ticket_code(b.ticket_number)}).content.decode()
        assert "签到成功" in html and b.candidate.real_name in html
        assert b.candidate.id_number not in html
        html = client.post(url, {"session": s.pk, "code": b.ticket_number}).content.decode()
        assert "已经签到过" in html


def test_absentees_marked_after_start_only():
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    b1, b2 = _booked(s, 2)
    with pytest.raises(BookingError, match="尚未开考"):
        sessions_mark_absentees(actor=admin, session_id=s.pk)
    with _on_exam_day(s):
        booking_check_in(actor=admin, session_id=s.pk, code=b1.ticket_number)
    with time_machine.travel(s.ends_at):
        assert sessions_mark_absentees(actor=admin, session_id=s.pk) == 1
    b2.refresh_from_db()
    assert b2.status == BookingStatus.ABSENT


def _results_file(rows, headers=("准考证号", "姓名", "成绩", "是否合格")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_roster_export_and_results_import_round_trip(client, django_capture_on_commit_callbacks):
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    b1, b2, b3 = _booked(s, 3)
    with _on_exam_day(s):
        for b in (b1, b2):
            booking_check_in(actor=admin, session_id=s.pk, code=b.ticket_number)
    client.force_login(admin)
    response = client.get(reverse("bookings_admin:roster_export", args=[s.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("准考证号", "姓名", "身份证号")
    assert {r[0] for r in rows[1:]} == {b1.ticket_number, b2.ticket_number, b3.ticket_number}
    # The exam system fills in scores for the candidates who sat the exam and sends the sheet back.
    scores = {b1.ticket_number: 92, b2.ticket_number: 61.5}
    content = _results_file([(r[0], r[1], scores[r[0]], "") for r in rows[1:] if r[0] in scores])
    with django_capture_on_commit_callbacks(execute=True), _after_exam(s):
        assert results_import(actor=admin, content=content) == 2
    b1.refresh_from_db()
    b2.refresh_from_db()
    assert (b1.status, b1.passed, float(b1.score)) == (BookingStatus.COMPLETED, True, 92.0)
    assert (b2.passed, float(b2.score)) == (False, 61.5)
    assert BookingNotice.objects.filter(recipient=b1.candidate, subject_line__contains="考试成绩").exists()
    # Re-importing the same file changes nothing.
    with _after_exam(s):
        assert results_import(actor=admin, content=content) == 0
    client.force_login(b1.candidate)
    assert "92.0" in client.get(reverse("bookings:my_bookings")).content.decode()


def test_results_import_all_or_nothing_with_row_numbers():
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    b1, b2, b3 = _booked(s, 3)
    with _on_exam_day(s):
        booking_check_in(actor=admin, session_id=s.pk, code=b1.ticket_number)
        booking_check_in(actor=admin, session_id=s.pk, code=b3.ticket_number)
    content = _results_file(
        [
            (b1.ticket_number, "甲", 95, "合格"),
            ("YM000000000000", "乙", 90, "合格"),
            (b1.ticket_number, "甲", 95, "合格"),
            (b2.ticket_number, "丙", 70, ""),
            (b3.ticket_number, "丁", "九十", ""),
            (b3.ticket_number, "丁", 150, ""),
        ]
    )
    with pytest.raises(ResultsImportError) as info, _after_exam(s):
        results_import(actor=admin, content=content)
    errors = info.value.errors
    assert any(e.startswith("第3行") and "不存在" in e for e in errors)
    assert any(e.startswith("第4行") and "重复" in e for e in errors)
    assert any(e.startswith("第5行") and "未签到" in e for e in errors)
    assert any(e.startswith("第6行") and "不是数字" in e for e in errors)
    assert any(e.startswith("第7行") and "超出范围" in e for e in errors)
    assert [int(e[1 : e.index("行")]) for e in errors] == [3, 4, 5, 6, 7]
    b1.refresh_from_db()
    assert b1.score is None and b1.status == BookingStatus.CHECKED_IN
    with pytest.raises(ResultsImportError, match="表头"):
        results_import(actor=admin, content=_results_file([("x", 1)], headers=("编号", "分")))
    with pytest.raises(ResultsImportError, match="xlsx"):
        results_import(actor=admin, content=b"not a workbook")


def test_results_import_page_lists_errors(client):
    admin = f.exam_admin()
    client.force_login(admin)
    upload = io.BytesIO(_results_file([("YM1", "x", 50, "")]))
    upload.name = "results.xlsx"
    html = client.post(reverse("bookings_admin:results_import"), {"file": upload}).content.decode()
    assert "第2行" in html and "未导入任何成绩" in html


def test_bulk_create_from_weekly_pattern_skips_existing():
    admin = f.exam_admin()
    room = f.room(seats=30)
    subj = f.subject()
    start = datetime.date.today() + datetime.timedelta(days=3)
    kwargs = {
        "actor": admin,
        "room": room,
        "subjects": [subj],
        "first_date": start,
        "weeks": 8,
        "weekdays": [1, 3],
        "times": [(datetime.time(9), datetime.time(11)), (datetime.time(14), datetime.time(16))],
    }
    result = sessions_bulk_create(**kwargs)
    assert len(result.created) == 8 * 2 * 2
    assert {s.date.weekday() for s in result.created} == {1, 3}
    again = sessions_bulk_create(**kwargs)
    assert again.created == [] and len(again.skipped) == 32
    assert ExamSession.objects.count() == 32


def test_admin_pages_render_for_exam_admin_only(client):
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    _booked(s, 2)
    urls = [
        reverse("bookings_admin:dashboard"),
        reverse("bookings_admin:bulk_create"),
        reverse("bookings_admin:check_in") + f"?session={s.pk}",
        reverse("bookings_admin:results_import"),
        reverse("bookings_admin:session_desk", args=[s.pk]),
        "/admin/bookings/centres/",
        "/admin/bookings/rooms/",
        "/admin/bookings/sessions/",
        "/admin/bookings/bookings/",
    ]
    client.force_login(admin)
    for url in urls:
        assert client.get(url).status_code == 200, url
    trainer = f.candidate(username="trainer")
    from django.contrib.auth.models import Group

    trainer.is_staff = True
    trainer.save()
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    client.force_login(trainer)
    for url in urls[:5]:
        assert client.get(url).status_code in (302, 403), url


def test_session_cancel_through_desk_page(client):
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    (b,) = _booked(s)
    client.force_login(admin)
    client.post(reverse("bookings_admin:session_action", args=[s.pk, "cancel"]), {"reason": "暴雨红色预警"})
    b.refresh_from_db()
    assert b.status == BookingStatus.CANCELLED
    assert BookingNotice.objects.filter(recipient=b.candidate, body__contains="暴雨红色预警").exists()


def test_check_in_result_shows_no_empty_photo_placeholder(client):
    # Candidates have no photo on file; an empty "照片" box would send the desk looking for one.
    admin = f.exam_admin()
    s = f.session(days_ahead=2)
    (b,) = _booked(s)
    client.force_login(admin)
    with _on_exam_day(s):
        html = client.post(reverse("bookings_admin:check_in"), {"session": s.pk, "code": b.ticket_number})
    assert "签到成功" in html.content.decode() and "照片" not in html.content.decode()
