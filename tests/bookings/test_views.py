import datetime

import pytest
from django.urls import reverse

from accounts.validators import mask_id_number
from bookings.models import Booking, BookingStatus, WaitlistEntry
from bookings.services import booking_create

from . import factories as f

pytestmark = pytest.mark.django_db


def test_session_list_shows_seats_left_within_query_budget(client, django_assert_max_num_queries):
    room = f.room(seats=30)
    admin = f.exam_admin()
    sessions = [f.session(capacity=5, days_ahead=d, room_obj=room, actor=admin) for d in range(2, 32)]
    booking_create(candidate=f.candidate(), session_id=sessions[0].pk, subject_id=sessions[0].subjects.first().pk)
    # 7 for the page itself; on a cold cache the site navigation adds 3 (site, content types, the
    # four listing pages in one query), 0 once cached.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("bookings:session_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "余 4 座" in html
    assert "共 30 个场次" in html


def test_session_list_filters_by_subject_and_dates(client):
    other = f.subject("welding", "熔化焊接与热切割作业")
    f.session(days_ahead=3)
    f.session(days_ahead=4, subjects=[other], room_obj=f.room(name="焊接考场", subjects=[other]))
    response = client.get(reverse("bookings:session_list"), {"subject": other.pk})
    assert "共 1 个场次" in response.content.decode()
    response = client.get(reverse("bookings:session_list"), {"date_from": "2030-01-02", "date_to": "2030-01-01"})
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_book_open_ticket_and_cancel_through_pages(client):
    s = f.session(capacity=2)
    user = f.candidate("李四")
    client.force_login(user)
    response = client.post(reverse("bookings:session_book", args=[s.pk]), {"subject": s.subjects.first().pk})
    booking = Booking.objects.get(candidate=user)
    assert response.url == reverse("bookings:ticket", args=[booking.ticket_number])
    page = client.get(response.url).content.decode()
    assert "李四" in page
    assert mask_id_number(user.id_number) in page
    assert user.id_number not in page  # only the masked number is shown
    assert "<svg" in page
    ics = client.get(reverse("bookings:ticket_ics", args=[booking.ticket_number]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content
    pdf = client.get(reverse("bookings:ticket_pdf", args=[booking.ticket_number]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.post(reverse("bookings:booking_cancel", args=[booking.ticket_number]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_full_session_offers_waiting_list(client):
    s = f.session(capacity=1)
    booking_create(candidate=f.candidate(), session_id=s.pk, subject_id=s.subjects.first().pk)
    user = f.candidate()
    client.force_login(user)
    response = client.post(
        reverse("bookings:session_book", args=[s.pk]), {"subject": s.subjects.first().pk}, follow=True
    )
    html = response.content.decode()
    assert "加入候补名单" in html
    client.post(reverse("bookings:waitlist_join", args=[s.pk]), {"subject": s.subjects.first().pk})
    assert WaitlistEntry.objects.filter(candidate=user).exists()
    assert "排第 1 位" in client.get(reverse("bookings:my_bookings")).content.decode()


def test_someone_elses_ticket_is_not_found(client):
    s = f.session()
    booking = booking_create(candidate=f.candidate(), session_id=s.pk, subject_id=s.subjects.first().pk)
    client.force_login(f.candidate())
    for name in ("bookings:ticket", "bookings:ticket_pdf", "bookings:ticket_ics", "bookings:ticket_qr"):
        assert client.get(reverse(name, args=[booking.ticket_number])).status_code == 404
    assert client.post(reverse("bookings:booking_cancel", args=[booking.ticket_number])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_anonymous_user_must_log_in_to_book(client):
    s = f.session()
    response = client.post(reverse("bookings:session_book", args=[s.pk]), {"subject": s.subjects.first().pk})
    assert response.status_code == 302 and "login" in response.url
    assert not Booking.objects.exists()


def test_reschedule_page_moves_the_booking(client):
    s1 = f.session(days_ahead=5)
    s2 = f.session(days_ahead=6, room_obj=f.room(name="第二考场"))
    user = f.candidate()
    booking = booking_create(candidate=user, session_id=s1.pk, subject_id=s1.subjects.first().pk)
    client.force_login(user)
    url = reverse("bookings:booking_reschedule", args=[booking.ticket_number])
    assert s2.date.strftime("%Y-%m-%d") in client.get(url).content.decode()
    response = client.post(url, {"new_session": s2.pk})
    new = Booking.objects.get(candidate=user, status=BookingStatus.BOOKED)
    assert new.session == s2
    assert response.url == reverse("bookings:ticket", args=[new.ticket_number])
    assert s1.date + datetime.timedelta(days=1) == s2.date


def test_session_list_with_1000_sessions_keeps_its_query_budget(client, django_assert_max_num_queries):
    from bookings.services import sessions_bulk_create

    admin = f.exam_admin()
    room = f.room(seats=40)
    subj = f.subject()
    times = [(datetime.time(h), datetime.time(h + 1)) for h in (8, 10, 13, 15, 17)]
    first = datetime.date.today() + datetime.timedelta(days=2)
    result = sessions_bulk_create(
        actor=admin, room=room, subjects=[subj], first_date=first, weeks=29, weekdays=[0, 1, 2, 3, 4, 5, 6], times=times
    )
    assert len(result.created) >= 1000
    client.force_login(f.candidate())
    for params in ({}, {"subject": subj.pk, "page": 7}, {"centre": room.centre_id, "date_from": first.isoformat()}):
        # 9 for the page itself with every filter; the site navigation adds 2 once content types are cached.
        with django_assert_max_num_queries(11):
            response = client.get(reverse("bookings:session_list"), params)
        assert response.status_code == 200
        assert "余 40 座" in response.content.decode()


def test_database_busy_reaches_the_user_as_a_retry_message(client, monkeypatch):
    from django.db import OperationalError

    from bookings import services

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "booking_create", locked)
    s = f.session()
    client.force_login(f.candidate())
    response = client.post(
        reverse("bookings:session_book", args=[s.pk]), {"subject": s.subjects.first().pk}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "系统繁忙，请稍后重试" in html
    assert "database is locked" not in html


def test_booking_request_query_budget(client, django_assert_max_num_queries):
    # The rush path: session + user, then under the lock the session, subject, seats and holds (one
    # query), the candidate's bookings, the exam rule, the training requirement (courses: rules in
    # force + completions), insert, waiting-list update, notice (+ the test's savepoint pair). The
    # mail is a task queued on commit, not sent here. Before: 23 (with the old undated hours check).
    s = f.session(capacity=2)
    subject_id = s.subjects.first().pk
    booking_create(candidate=f.candidate(), session_id=s.pk, subject_id=subject_id)
    client.force_login(f.candidate())
    with django_assert_max_num_queries(14):
        response = client.post(reverse("bookings:session_book", args=[s.pk]), {"subject": subject_id})
    assert "/tickets/" in response.url
    # A refusal because the session is full stops after counting the seats: session, user, lock,
    # subject, seats (+ savepoint, rollback to it, release).
    client.force_login(f.candidate())
    with django_assert_max_num_queries(8):
        response = client.post(reverse("bookings:session_book", args=[s.pk]), {"subject": subject_id})
    assert "full=1" in response.url


def test_book_and_waitlist_refuse_unknown_session_and_foreign_subject(client):
    s = f.session(capacity=1)
    other = f.subject("welding", "熔化焊接与热切割作业")
    user = f.candidate()
    client.force_login(user)
    for name in ("bookings:session_book", "bookings:waitlist_join"):
        assert client.post(reverse(name, args=[s.pk + 999]), {"subject": other.pk}).status_code == 404
        response = client.post(reverse(name, args=[s.pk]), {"subject": other.pk}, follow=True)
        assert "请选择本场次开考的科目" in response.content.decode()
    assert not Booking.objects.filter(candidate=user).exists()
    assert not WaitlistEntry.objects.filter(candidate=user).exists()


def test_session_list_leaves_out_sessions_whose_booking_has_closed(client):
    import time_machine

    soon = f.session(days_ahead=3)
    later = f.session(days_ahead=6, room_obj=f.room(name="第二考场"))
    with time_machine.travel(soon.booking_closes_at + datetime.timedelta(minutes=1)):
        html = client.get(reverse("bookings:session_list")).content.decode()
    assert "共 1 个场次" in html
    assert reverse("bookings:session_detail", args=[later.pk]) in html
    assert reverse("bookings:session_detail", args=[soon.pk]) not in html


def test_session_page_says_why_a_session_takes_no_bookings_instead_of_offering_the_button(client):
    from bookings.services import session_close

    s = f.session(capacity=5)
    client.force_login(f.candidate())
    url = reverse("bookings:session_detail", args=[s.pk])
    book_url = reverse("bookings:session_book", args=[s.pk])
    assert book_url in client.get(url).content.decode()
    session_close(actor=f.exam_admin(), session_id=s.pk)
    html = client.get(url).content.decode()
    assert "该场次已停止预约" in html
    assert book_url not in html
    assert reverse("bookings:waitlist_join", args=[s.pk]) not in html


def test_ticket_offers_cancel_and_reschedule_only_before_the_cutoff(client):
    import time_machine

    from bookings.services import change_cutoff

    s = f.session(days_ahead=3)
    user = f.candidate()
    booking = booking_create(candidate=user, session_id=s.pk, subject_id=s.subjects.first().pk)
    client.force_login(user)
    url = reverse("bookings:ticket", args=[booking.ticket_number])
    cancel_url = reverse("bookings:booking_cancel", args=[booking.ticket_number])
    assert cancel_url in client.get(url).content.decode()
    with time_machine.travel(change_cutoff(s) + datetime.timedelta(minutes=1)):
        html = client.get(url).content.decode()
    assert cancel_url not in html
    assert reverse("bookings:booking_reschedule", args=[booking.ticket_number]) not in html
    assert "已过改约和取消的截止时间" in html
