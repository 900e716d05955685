"""我的预约 → 消息: unread badge, mark one or all read."""

import pytest
from django.urls import reverse

from bookings.errors import BookingError
from bookings.models import BookingNotice
from bookings.notify import notice_send
from bookings.services import booking_create, booking_notice_mark_read

from . import factories as f

pytestmark = pytest.mark.django_db


def _notices(user, n):
    return [notice_send(recipient=user, subject_line=f"通知{i}", body=f"内容{i}") for i in range(n)]


def test_mark_one_read_then_all_through_my_bookings(client):
    user = f.candidate()
    first, second, _third = _notices(user, 3)
    client.force_login(user)
    page = client.get(reverse("bookings:my_bookings")).content.decode()
    assert "您有 3 条未读消息" in page and "3 条未读" in page
    assert page.count("标为已读<span") == 3

    response = client.post(reverse("bookings:notices_mark_read"), {"notice": second.pk}, follow=True)
    page = response.content.decode()
    assert "已标为已读" in page and "您有 2 条未读消息" in page
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.read_at is not None and first.read_at is None

    # A double click changes nothing and says nothing alarming.
    read_at = second.read_at
    client.post(reverse("bookings:notices_mark_read"), {"notice": second.pk})
    second.refresh_from_db()
    assert second.read_at == read_at

    response = client.post(reverse("bookings:notices_mark_read"), follow=True)
    page = response.content.decode()
    assert "全部消息已标为已读" in page
    assert "未读消息" not in page and "全部标为已读" not in page
    assert not BookingNotice.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert "通知0" in page and "通知2" in page  # read notices stay listed


def test_someone_elses_notice_cannot_be_marked(client):
    owner, other = f.candidate(), f.candidate()
    (notice,) = _notices(owner, 1)
    with pytest.raises(BookingError, match="找不到这条消息"):
        booking_notice_mark_read(recipient=other, notice_id=notice.pk)
    client.force_login(other)
    response = client.post(reverse("bookings:notices_mark_read"), {"notice": notice.pk}, follow=True)
    assert "找不到这条消息" in response.content.decode()
    response = client.post(reverse("bookings:notices_mark_read"), {"notice": "abc"}, follow=True)
    assert "找不到这条消息" in response.content.decode()
    # "All" for the other user leaves the owner's notice alone.
    assert booking_notice_mark_read(recipient=other) == 0
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_read_needs_post_and_login(client):
    url = reverse("bookings:notices_mark_read")
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(f.candidate())
    assert client.get(url).status_code == 405


def test_booking_confirmation_arrives_unread():
    s = f.session()
    user = f.candidate()
    booking_create(candidate=user, session_id=s.pk, subject_id=s.subjects.first().pk)
    assert booking_notice_mark_read(recipient=user) == 1
    assert booking_notice_mark_read(recipient=user) == 0
