"""The admission ticket: vector PDF, .ics, QR payload, seats, cancelled tickets, the cut-off wording."""

import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from bookings.models import Booking, BookingStatus, ExamSession
from bookings.services import booking_cancel, booking_create, booking_reschedule
from bookings.tickets import QR_FORM, qr_svg, ticket_code, ticket_number_from_code
from edu_platform.pdf import MIN_PRINT_MARGIN, PAGE_SIZE, qr_form_name, qr_runs

from . import factories as f

pytestmark = pytest.mark.django_db


def _book(user, session):
    return booking_create(candidate=user, session_id=session.pk, subject_id=session.subjects.first().pk)


def _pdf(client, booking) -> bytes:
    response = client.get(reverse("bookings:ticket_pdf", args=[booking.ticket_number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _qr_rects(page) -> tuple[list[tuple[float, float, float, float]], list[float]]:
    form = page["/Resources"]["/XObject"][qr_form_name(QR_FORM)].get_object()
    number = r"(-?\d+(?:\.\d+)?)"
    rects = [
        tuple(float(v) for v in m)
        for m in re.findall(rf"{number} {number} {number} {number} re", form.get_data().decode("latin-1"))
    ]
    return rects, [float(v) for v in form["/BBox"]]


def _qr_placement(page) -> tuple[float, float]:
    """Where the page draws the QR form: the translation in front of its ``Do``."""
    content = page.get_contents().get_data().decode("latin-1")
    match = re.search(
        r"1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm\s+(?:q\s+)?" + re.escape(qr_form_name(QR_FORM)) + r" Do", content
    )
    assert match, "the QR form is drawn with a translation"
    return float(match.group(1)), float(match.group(2))


def test_ticket_pdf_is_vector_text_with_seat_qr_and_link(client):
    s = f.session(capacity=5)
    user = f.candidate("王小明")
    booking = _book(user, s)
    client.force_login(user)
    content = _pdf(client, booking)
    assert len(content) < 50 * 1024
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    text = page.extract_text()
    for expected in (
        booking.ticket_number,
        "王小明",
        s.centre.name,
        s.room.name,
        "座位号",
        "1号",
        "安全生产考试准考证",
    ):
        assert expected in text, expected
    assert user.id_number not in text  # only the masked number is printed
    assert not page.images  # no raster picture of the page: text and vector paths only

    # The QR modules are exactly those of the signed ticket code the page's QR holds.
    payload = ticket_code(booking.ticket_number)
    assert ticket_number_from_code(payload) == booking.ticket_number
    rects, bbox = _qr_rects(page)
    size = bbox[2] - bbox[0]
    runs = qr_runs(payload)
    module = size / (max(r.row for r in runs) + 1 + 8)
    drawn = sorted(
        (round(x / module) - 4, round(size / module - y / module) - 5, round(w / module)) for x, y, w, _ in rects
    )
    assert drawn == sorted((r.start, r.row, r.length) for r in runs)
    page_html = client.get(reverse("bookings:ticket", args=[booking.ticket_number])).content.decode()
    assert qr_svg(booking.ticket_number) in page_html  # the page's SVG encodes the same payload

    # The whole code sits inside a print-safe margin of at least 10 mm.
    x, y = _qr_placement(page)
    width, height = PAGE_SIZE
    assert x >= MIN_PRINT_MARGIN and y >= MIN_PRINT_MARGIN
    assert x + size <= width - MIN_PRINT_MARGIN and y + size <= height - MIN_PRINT_MARGIN

    # And the ticket page's address is a link a reader can follow.
    uris = [a.get_object()["/A"]["/URI"] for a in page["/Annots"]]
    assert uris == [f"http://testserver{reverse('bookings:ticket', args=[booking.ticket_number])}"]


def test_ticket_pdf_needs_no_system_font():
    import bookings
    import edu_platform.pdf

    sources = [Path(edu_platform.pdf.__file__), *Path(bookings.__file__).parent.rglob("*.py")]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for word in ("Noto", "truetype", "ImageFont", "TTFont", ".ttc", ".ttf"):
            assert word not in text, (source, word)


def test_ics_parses_back_and_folds_lines_at_75_octets(client):
    room = f.room(name="第三考场（综合楼三楼东侧）")
    room.centre.address = "云梦县城关镇解放路一百二十八号应急管理综合服务中心大楼一楼东侧安全生产考试中心"
    room.centre.save()
    s = f.session(room_obj=room)
    user = f.candidate()
    booking = _book(user, s)
    client.force_login(user)
    response = client.get(reverse("bookings:ticket_ics", args=[booking.ticket_number]))
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    lines = raw.split(b"\r\n")
    assert any(line.startswith(b" ") for line in lines)  # something long enough to fold
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    raw.decode("utf-8")  # folding never splits a character
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["location"]) == f"{s.centre.name} {room.name}，{room.centre.address}"
    assert booking.ticket_number in str(event["description"])
    assert "座位号：1" in str(event["description"])
    assert event.decoded("dtstart") == s.starts_at
    assert event.decoded("dtend") == s.ends_at


def test_confirmation_mail_leaves_the_request_only_when_the_booking_commits(django_capture_on_commit_callbacks):
    s = f.session(capacity=5)
    user = f.candidate()

    @transaction.atomic
    def book_then_fail():
        _book(user, s)
        raise RuntimeError("the request failed after booking")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        book_then_fail()
    assert callbacks == [] and mail.outbox == []
    assert not Booking.objects.filter(candidate=user).exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        booking = _book(user, s)
    assert mail.outbox == []  # nothing is sent inside the transaction
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email] and booking.ticket_number in message.body
    assert message.attachments[0][0] == f"{booking.ticket_number}.ics"


def test_seats_lowest_free_number_freed_on_cancel_and_reassigned_on_reschedule():
    s = f.session(capacity=5, days_ahead=7)
    other = f.session(capacity=5, days_ahead=8, room_obj=f.room(name="第二考场"))
    users = [f.candidate() for _ in range(3)]
    b1, b2, b3 = (_book(u, s) for u in users)
    assert [b.seat_number for b in (b1, b2, b3)] == [1, 2, 3]
    booking_cancel(candidate=users[1], booking_id=b2.pk)
    newcomer = f.candidate()
    assert _book(newcomer, s).seat_number == 2  # the freed seat, not a new one
    _book(f.candidate(), other)
    moved = booking_reschedule(candidate=users[0], booking_id=b1.pk, new_session_id=other.pk)
    assert (moved.session_id, moved.seat_number) == (other.pk, 2)
    assert _book(f.candidate(), s).seat_number == 1


def test_database_refuses_two_active_bookings_on_one_seat():
    s = f.session(capacity=5)
    b1 = _book(f.candidate(), s)
    b2 = _book(f.candidate(), s)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=b2.pk).update(seat_number=b1.seat_number)
    booking_cancel(candidate=b1.candidate, booking_id=b1.pk)
    Booking.objects.filter(pk=b2.pk).update(seat_number=b1.seat_number)  # a cancelled booking holds no seat


def test_ticket_page_shows_room_seat_and_photo_guidance(client):
    s = f.session(capacity=5)
    user = f.candidate()
    _book(f.candidate(), s)
    booking = _book(user, s)
    client.force_login(user)
    html = client.get(reverse("bookings:ticket", args=[booking.ticket_number])).content.decode()
    assert s.room.name in html and "2号" in html
    assert "photo-box" not in html and "照片粘贴处" not in html
    assert "尚未上传证件照" in html and reverse("accounts:profile") in html


def test_cancelled_ticket_shows_no_qr_and_no_downloads(client):
    s = f.session(capacity=5)
    user = f.candidate()
    booking = _book(user, s)
    booking_cancel(candidate=user, booking_id=booking.pk)
    client.force_login(user)
    html = client.get(reverse("bookings:ticket", args=[booking.ticket_number])).content.decode()
    assert "已作废" in html
    assert "<svg" not in html
    for name in ("bookings:ticket_pdf", "bookings:ticket_ics", "bookings:ticket_qr", "bookings:ticket_photo"):
        url = reverse(name, args=[booking.ticket_number])
        assert url not in html
        assert client.get(url).status_code == 404, name


def test_zero_hour_cutoff_is_worded_as_until_the_start(client):
    s = f.session(capacity=5, cancel_cutoff_hours=0)
    user = f.candidate()
    booking = _book(user, s)
    client.force_login(user)
    for url in (
        reverse("bookings:ticket", args=[booking.ticket_number]),
        reverse("bookings:session_detail", args=[s.pk]),
    ):
        html = client.get(url).content.decode()
        assert "开考前均可改约或取消" in html
        assert "0 小时" not in html and "0小时" not in html
    with time_machine.travel(s.starts_at + datetime.timedelta(minutes=1)):
        response = client.post(reverse("bookings:booking_cancel", args=[booking.ticket_number]), follow=True)
    assert "开考，不能取消" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED
    assert ExamSession.objects.get(pk=s.pk).cancel_cutoff_hours == 0


def test_ticket_pdf_draws_the_id_photo_when_one_is_given():
    from PIL import Image

    from bookings.tickets import ticket_pdf
    from bookings.views import ticket_lines

    s = f.session(capacity=5)
    booking = _book(f.candidate(), s)
    photo = io.BytesIO()
    Image.new("RGB", (260, 320), "#3366aa").save(photo, "JPEG", quality=80)
    photo.seek(0)
    content = ticket_pdf(booking, lines=ticket_lines(booking), rules=["规则"], url="http://testserver/t/", photo=photo)
    page = PdfReader(io.BytesIO(content)).pages[0]
    assert len(page.images) == 1
    assert "尚未上传证件照" not in page.extract_text()
