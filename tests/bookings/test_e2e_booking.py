"""Real browser: find a session, book it, open the ticket, cancel (Debian Chromium via Playwright)."""

import pytest

from bookings.models import Booking, BookingStatus
from tests.browser import browser_log_in as _login

from . import factories as f

pytestmark = [pytest.mark.e2e]


def test_find_book_ticket_cancel(browser_page, live_server, transactional_db, axe_violations):
    page = browser_page
    welding = f.subject("welding", "熔化焊接与热切割作业")
    f.session(days_ahead=3)
    target = f.session(days_ahead=5, subjects=[welding], room_obj=f.room(name="焊接考场", subjects=[welding]))
    user = f.candidate("王小明")
    _login(page, live_server, user)

    page.goto("/bookings/")
    assert axe_violations(page) == []
    page.get_by_label("考试科目").select_option(label="熔化焊接与热切割作业")
    page.get_by_role("button", name="查找场次").click()
    page.get_by_text("共 1 个场次").wait_for()
    page.get_by_role("link", name="查看并预约").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="确认预约").click()

    page.get_by_role("heading", name="安全生产考试准考证").wait_for()
    booking = Booking.objects.get(candidate=user)
    assert booking.session_id == target.pk
    assert page.get_by_text(booking.ticket_number).first.is_visible()
    assert page.locator(".ticket-qr svg").count() == 1
    assert axe_violations(page) == []

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="取消预约").click()
    page.get_by_role("heading", name="我的预约", exact=True).wait_for()
    page.get_by_text("预约已取消，座位已释放。").wait_for()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
