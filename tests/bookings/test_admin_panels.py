"""The exam admins' panel on the Wagtail dashboard (/admin/): today's and tomorrow's sessions."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from bookings.services import booking_create, session_cancel

from . import factories as f

pytestmark = pytest.mark.django_db


def _book(session, n):
    subject = session.subjects.first()
    for _ in range(n):
        booking_create(candidate=f.candidate(), session_id=session.pk, subject_id=subject.pk)


def test_exam_admin_sees_todays_and_tomorrows_sessions(client, django_assert_max_num_queries):
    admin = f.exam_admin()
    today = f.session(capacity=8, days_ahead=7, actor=admin)
    tomorrow = f.session(capacity=6, days_ahead=8, start="14:00", end="16:00", actor=admin)
    later = f.session(capacity=5, days_ahead=9, actor=admin)
    _book(today, 3)
    _book(tomorrow, 2)
    _book(later, 1)

    with time_machine.travel(today.starts_at - datetime.timedelta(hours=2)):
        client.force_login(admin)
        with django_assert_max_num_queries(28):
            response = client.get("/admin/")

    html = response.content.decode()
    assert response.status_code == 200 and 'id="bookings-summary-section"' in html
    assert "3 / 8" in html and "2 / 6" in html and "/ 5" not in html
    assert reverse("bookings_admin:session_desk", args=[today.pk]) in html
    assert reverse("bookings_admin:session_desk", args=[tomorrow.pk]) in html
    assert reverse("bookings_admin:session_desk", args=[later.pk]) not in html
    assert reverse("bookings_admin:dashboard") in html
    assert html.index("3 / 8") < html.index("明天") < html.index("2 / 6")


def test_cancelled_sessions_are_left_out_and_queries_stay_fixed(client, django_assert_max_num_queries):
    admin = f.exam_admin()
    first = f.session(capacity=4, days_ahead=7, actor=admin)
    for i in range(6):
        f.session(capacity=4, days_ahead=7, start=f"{12 + i}:00", end=f"{12 + i}:50", room_obj=first.room, actor=admin)
    cancelled = f.session(capacity=4, days_ahead=8, room_obj=first.room, actor=admin)
    session_cancel(actor=admin, session_id=cancelled.pk, reason="考场维修")

    with time_machine.travel(first.starts_at - datetime.timedelta(hours=2)):
        client.force_login(admin)
        with django_assert_max_num_queries(28):
            html = client.get("/admin/").content.decode()

    assert html.count("0 / 4") == 7
    assert reverse("bookings_admin:session_desk", args=[cancelled.pk]) not in html
    assert "没有场次" in html  # tomorrow has only the cancelled one


def test_training_admin_does_not_see_sessions_panel(client):
    f.session(days_ahead=7)
    user = User.objects.create_user(username="trainer", email="trainer@example.cn", password="pw-12345678")
    user.groups.add(Group.objects.get(name="培训管理员"))
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'id="bookings-summary-section"' not in response.content.decode()
