"""Real browser: the admission ticket's room, seat and ID photo, through reschedule and cancel (issue 13).

A learner uploads an ID photo in the profile (a bad file first: the Chinese message), books, opens the
ticket (考场, 座位号, the photo really loads and is private), downloads the PDF (seat line in its text),
reschedules (the new seat), cancels (no QR, no downloads). axe on the profile and the ticket.
"""

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from bookings.models import Booking, BookingStatus
from bookings.services import booking_create
from tests.browser import browser_log_in as _login

from . import factories as f

pytestmark = [pytest.mark.e2e]


@pytest.fixture(autouse=True)
def _private_photos(settings, tmp_path):
    """Photos of each test go to its own temporary folder (the live server reads settings per use)."""
    settings.ACCOUNTS_PRIVATE_ROOT = tmp_path / "accounts-private"


def _jpeg(size=(300, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#dfe7ef").save(out, "JPEG")
    return out.getvalue()


def _line(page, label: str) -> str:
    """The value the ticket prints for ``label`` (its <dt>/<dd> pair)."""
    return page.locator(f".ticket-lines dt:text-is('{label}') + dd").inner_text().strip()


def _photo_loaded(page) -> int:
    """The ticket photo's natural width once the browser has finished loading it (0: broken image)."""
    photo = page.locator("img.ticket-photo")
    photo.wait_for()
    page.wait_for_function("() => document.querySelector('img.ticket-photo').complete")
    return photo.evaluate("img => img.naturalWidth")


def test_ticket_room_seat_photo_through_reschedule_and_cancel(
    browser_page, _playwright_browser, live_server, transactional_db, axe_violations
):
    page = browser_page
    first = f.session(days_ahead=4, room_obj=f.room(name="第一考场"))
    second = f.session(days_ahead=6, room_obj=f.room(name="第二考场"))
    # Someone already sits in seat 1 of the second room, so the rescheduled seat is visibly new.
    booking_create(candidate=f.candidate("李先到"), session_id=second.pk, subject_id=second.subjects.first().pk)
    user = f.candidate("王小明")
    _login(page.context, live_server, user)

    # Profile: no photo yet; a file that is not an image is refused in Chinese, then a real JPEG.
    page.goto("/accounts/profile/")
    photo_section = page.locator("#id-photo")
    assert photo_section.get_by_text("尚未上传").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("选择证件照").set_input_files(
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": b"%PDF-1.4 not a photo"}]
    )
    photo_section.get_by_role("button", name="上传证件照").click()
    page.get_by_text("上传的文件不是可读取的图片，请上传 JPG 或 PNG 格式的证件照。").wait_for()
    user.refresh_from_db()
    assert not user.id_photo
    assert axe_violations(page) == []  # the error message as shown
    page.get_by_label("选择证件照").set_input_files(
        files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    photo_section.get_by_role("button", name="上传证件照").click()
    page.get_by_text("证件照已保存，准考证将显示这张照片。").wait_for()
    profile_photo = page.get_by_role("img", name="我的证件照")
    profile_photo.wait_for()
    assert profile_photo.evaluate("img => img.complete && img.naturalWidth") == 300
    assert axe_violations(page) == []

    # Book the first session and open its ticket.
    page.goto(f"/bookings/sessions/{first.pk}/")
    page.get_by_role("button", name="确认预约").click()
    page.get_by_role("heading", name="安全生产考试准考证").wait_for()
    booking = Booking.objects.get(candidate=user, status=BookingStatus.BOOKED)
    assert booking.session_id == first.pk
    assert (_line(page, "考场"), _line(page, "座位号")) == ("第一考场", "1号")
    assert _photo_loaded(page) == 300, "the photo is served to its owner and decodes in the browser"
    photo_url = page.locator("img.ticket-photo").get_attribute("src")
    assert page.locator(".ticket-qr svg").count() == 1
    assert axe_violations(page) == []

    # The PDF as the browser downloads it: the room and seat lines are real text.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"ticket-{booking.ticket_number}.pdf"
    with open(download.path(), "rb") as handle:
        pdf_page = PdfReader(handle).pages[0]
        text = pdf_page.extract_text()
        assert "座位号" in text and "1号" in text and "第一考场" in text
        assert len(pdf_page.images) == 1, "the ID photo is on the printed ticket"

    # Private: another signed-in person gets 404 for the ticket photo and the owner's photo URLs.
    other_context = _playwright_browser.new_context(base_url=live_server.url, locale="zh-CN")
    try:
        _login(other_context, live_server, f.candidate("张旁人"))
        for url in (photo_url, "/accounts/profile/id-photo.jpg", f"/accounts/id-photos/{user.pk}.jpg"):
            assert other_context.request.get(url).status == 404, url
        assert other_context.request.get("/accounts/profile/").status == 200, "the other person is signed in"
    finally:
        other_context.close()

    # Reschedule to the second session: a new ticket with the new room and seat.
    page.get_by_role("link", name="改约到其他场次").click()
    page.get_by_label(f"{second.date:%Y-%m-%d}", exact=False).check()
    page.get_by_role("button", name="确认改约").click()
    page.get_by_text("改约成功，原场次座位已释放。这是新的准考证。").wait_for()
    new = Booking.objects.get(candidate=user, status=BookingStatus.BOOKED)
    assert new.session_id == second.pk and new.pk != booking.pk
    assert _line(page, "准考证号") == new.ticket_number
    assert (_line(page, "考场"), _line(page, "座位号")) == ("第二考场", "2号")
    assert _photo_loaded(page) == 300
    assert axe_violations(page) == []

    # Cancel: the ticket stays readable but void, with no QR code and no download links.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="取消预约").click()
    page.get_by_text("预约已取消，座位已释放。").wait_for()
    page.goto(f"/bookings/tickets/{new.ticket_number}/")
    page.get_by_text("本准考证已作废，不能用于入场。").wait_for()
    assert page.locator(".ticket-qr").count() == 0
    assert page.locator("img.ticket-photo").count() == 0
    for name in ("下载PDF", "加入日历（.ics）", "打印准考证", "改约到其他场次"):
        assert page.get_by_role("link", name=name).count() == 0, name
        assert page.get_by_role("button", name=name).count() == 0, name
    for suffix in ("ticket.pdf", "exam.ics", "qr.svg", "photo.jpg"):
        assert page.request.get(f"/bookings/tickets/{new.ticket_number}/{suffix}").status == 404, suffix
    assert axe_violations(page) == []
