import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from bookings.errors import BookingError, SessionFullError
from bookings.models import Booking, BookingNotice, BookingStatus, SessionStatus, WaitlistEntry, WaitlistStatus
from bookings.selectors import seats_left, sessions_with_availability
from bookings.services import (
    booking_cancel,
    booking_create,
    booking_reschedule,
    session_cancel,
    session_close,
    waitlist_accept,
    waitlist_expire_holds,
    waitlist_join,
)
from exams.models import ExamRule

from . import factories as f

pytestmark = pytest.mark.django_db


def book(user, session, subject=None):
    subject = subject or session.subjects.first()
    return booking_create(candidate=user, session_id=session.pk, subject_id=subject.pk)


def test_booking_takes_a_seat_and_confirms_by_notice_and_email_with_ics(django_capture_on_commit_callbacks):
    s = f.session(capacity=2)
    user = f.candidate("张三")
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(user, s)
    assert booking.status == BookingStatus.BOOKED
    assert booking.ticket_number.startswith("YM")
    assert seats_left(s) == 1
    assert BookingNotice.objects.filter(recipient=user, subject_line__contains="预约成功").exists()
    assert len(mail.outbox) == 1
    assert booking.ticket_number in mail.outbox[0].body
    assert mail.outbox[0].attachments[0][0].endswith(".ics")


def test_incomplete_profile_is_refused_with_what_to_fix():
    s = f.session()
    user = f.candidate(complete=False)
    with pytest.raises(BookingError, match=r"真实姓名.*身份证.*手机"):
        book(user, s)
    assert not Booking.objects.exists()


def test_training_requirement_refuses_when_the_dated_rule_demands_hours():
    from django.utils import timezone

    from courses.services.rules import HoursRuleData, training_hours_rule_create

    subj = f.subject("welding", "熔化焊接与热切割作业")
    training_hours_rule_create(
        actor=None,
        data=HoursRuleData(
            person_category=subj.person_category,
            industry="",
            effective_from=timezone.localdate(),
            initial_hours=40,
            initial_window_months=12,
            annual_hours=0,
            annual_window_months=12,
        ),
    )
    s = f.session(subjects=[subj])
    with pytest.raises(BookingError, match=r"40 学时，您已完成 0(\.00)? 学时"):
        book(f.candidate(), s, subj)
    assert not Booking.objects.exists()


def test_second_active_booking_for_same_subject_refused():
    s1 = f.session(days_ahead=7)
    s2 = f.session(days_ahead=8, room_obj=f.room(name="第二考场"))
    user = f.candidate()
    book(user, s1)
    with pytest.raises(BookingError, match="改约"):
        book(user, s2)
    assert Booking.objects.filter(candidate=user).count() == 1


def test_time_overlap_with_another_subject_refused():
    other = f.subject("welding", "熔化焊接与热切割作业")
    s1 = f.session(start="09:00", end="11:00")
    s2 = f.session(start="10:00", end="12:00", subjects=[other], room_obj=f.room(name="第二考场", subjects=[other]))
    user = f.candidate()
    book(user, s1)
    with pytest.raises(BookingError, match="时间冲突"):
        book(user, s2, other)


@pytest.mark.parametrize("status", [SessionStatus.CLOSED, SessionStatus.CANCELLED])
def test_closed_or_cancelled_session_refused(status):
    s = f.session()
    s.status = status
    s.save()
    with pytest.raises(BookingError, match="其他场次"):
        book(f.candidate(), s)


def test_past_session_and_closed_window_refused():
    s = f.session(days_ahead=3)
    with time_machine.travel(s.starts_at + datetime.timedelta(minutes=5)), pytest.raises(BookingError, match="已开考"):
        book(f.candidate(), s)
    with (
        time_machine.travel(s.booking_closes_at + datetime.timedelta(minutes=1)),
        pytest.raises(BookingError, match="截止"),
    ):
        book(f.candidate(), s)


def test_full_session_raises_full_and_nothing_written():
    s = f.session(capacity=1)
    book(f.candidate(), s)
    with pytest.raises(SessionFullError, match="候补"):
        book(f.candidate(), s)
    assert Booking.objects.count() == 1


def test_exam_rules_pass_and_resits_come_from_exam_rule():
    subj = f.subject()
    ExamRule.objects.create(subject=None, effective_from=datetime.date(2000, 1, 1), resits_allowed=1)
    user = f.candidate()
    for days in (7, 14):
        s = f.session(days_ahead=days, room_obj=f.room(name=f"考场{days}"))
        b = book(user, s)
        Booking.objects.filter(pk=b.pk).update(status=BookingStatus.COMPLETED, passed=False, score=50)
    s3 = f.session(days_ahead=21, room_obj=f.room(name="考场21"))
    # Two fails with one re-sit allowed: no third sitting, and the message says why.
    with pytest.raises(BookingError, match="补考机会（1次）已用完"):
        book(user, s3)
    ExamRule.objects.create(subject=subj, effective_from=datetime.date(2001, 1, 1), resits_allowed=2)
    assert book(user, s3).status == BookingStatus.BOOKED


def test_valid_pass_blocks_rebooking():
    user = f.candidate()
    b = book(user, f.session(days_ahead=5))
    Booking.objects.filter(pk=b.pk).update(status=BookingStatus.COMPLETED, passed=True, score=90)
    with pytest.raises(BookingError, match="有效期内"):
        book(user, f.session(days_ahead=9, room_obj=f.room(name="第二考场")))


def test_cancel_before_cutoff_frees_seat_and_after_cutoff_is_refused():
    s = f.session(capacity=1, days_ahead=3)
    user = f.candidate()
    b = book(user, s)
    booking_cancel(candidate=user, booking_id=b.pk)
    assert seats_left(s) == 1
    b2 = book(f.candidate(), s)
    with time_machine.travel(s.starts_at - datetime.timedelta(hours=2)), pytest.raises(BookingError, match="24 小时内"):
        booking_cancel(candidate=b2.candidate, booking_id=b2.pk)
    assert Booking.objects.get(pk=b2.pk).status == BookingStatus.BOOKED


def test_someone_elses_booking_cannot_be_cancelled():
    s = f.session()
    b = book(f.candidate(), s)
    with pytest.raises(BookingError, match="找不到"):
        booking_cancel(candidate=f.candidate(), booking_id=b.pk)
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.BOOKED


def test_reschedule_is_atomic():
    s1 = f.session(capacity=1, days_ahead=7)
    s2 = f.session(capacity=1, days_ahead=8, room_obj=f.room(name="第二考场"))
    user = f.candidate()
    b = book(user, s1)
    book(f.candidate(), s2)
    with pytest.raises(SessionFullError, match="原预约保持不变"):
        booking_reschedule(candidate=user, booking_id=b.pk, new_session_id=s2.pk)
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.BOOKED
    s3 = f.session(capacity=1, days_ahead=9, room_obj=f.room(name="第三考场"))
    new = booking_reschedule(candidate=user, booking_id=b.pk, new_session_id=s3.pk)
    assert new.session_id == s3.pk
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.CANCELLED
    assert seats_left(s1) == 1


def test_waitlist_offer_hold_accept_and_expiry(django_capture_on_commit_callbacks):
    s = f.session(capacity=1)
    first = f.candidate()
    b = book(first, s)
    w1, w2 = f.candidate(), f.candidate()
    e1 = waitlist_join(candidate=w1, session_id=s.pk, subject_id=b.subject_id)
    e2 = waitlist_join(candidate=w2, session_id=s.pk, subject_id=b.subject_id)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(candidate=first, booking_id=b.pk)
    e1.refresh_from_db()
    assert e1.status == WaitlistStatus.OFFERED
    assert BookingNotice.objects.filter(recipient=w1, subject_line__contains="候补成功").exists()
    assert any("候补成功" in m.subject for m in mail.outbox if w1.email in m.to)
    # The held seat is not available to a newcomer.
    with pytest.raises(SessionFullError):
        book(f.candidate(), s)
    # The hold lapses: the command moves the offer on to the next in line.
    with time_machine.travel(e1.hold_expires_at + datetime.timedelta(minutes=1)):
        assert waitlist_expire_holds() == 1
        e1.refresh_from_db()
        e2.refresh_from_db()
        assert e1.status == WaitlistStatus.EXPIRED
        assert e2.status == WaitlistStatus.OFFERED
        booking = waitlist_accept(candidate=w2, entry_id=e2.pk)
    assert booking.candidate == w2
    e2.refresh_from_db()
    assert e2.status == WaitlistStatus.ACCEPTED
    assert sessions_with_availability().get(pk=s.pk).seats_left == 0


def test_waitlist_join_refused_when_seats_left():
    s = f.session(capacity=2)
    with pytest.raises(BookingError, match="直接预约"):
        waitlist_join(candidate=f.candidate(), session_id=s.pk, subject_id=s.subjects.first().pk)
    assert not WaitlistEntry.objects.exists()


def test_session_cancel_releases_and_notifies_everyone(django_capture_on_commit_callbacks):
    admin = f.exam_admin()
    s = f.session(capacity=1, actor=admin)
    user = f.candidate()
    b = book(user, s)
    waiter = f.candidate()
    waitlist_join(candidate=waiter, session_id=s.pk, subject_id=b.subject_id)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert session_cancel(actor=admin, session_id=s.pk, reason="考场设备检修") == 1
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.CANCELLED
    assert {m.to[0] for m in mail.outbox} == {user.email, waiter.email}
    assert all("考场设备检修" in m.body for m in mail.outbox)
    assert BookingNotice.objects.filter(recipient=user, body__contains="考场设备检修").exists()


def test_session_close_and_cancel_need_exam_admin():
    s = f.session()
    with pytest.raises(BookingError, match="考务管理员"):
        session_close(actor=f.candidate(), session_id=s.pk)
    s.refresh_from_db()
    assert s.status == SessionStatus.OPEN
    session_close(actor=f.exam_admin(), session_id=s.pk)
    with pytest.raises(BookingError, match="停止预约"):
        book(f.candidate(), s)


def test_session_capacity_cannot_exceed_room_seats():
    r = f.room(seats=5, name="小考场")
    with pytest.raises(BookingError, match="座位数"):
        f.session(capacity=6, room_obj=r)


def test_availability_annotation_counts_holds_and_ignores_expired_ones():
    s = f.session(capacity=2)
    b = book(f.candidate(), s)
    book(f.candidate(), s)
    waiter = f.candidate()
    waitlist_join(candidate=waiter, session_id=s.pk, subject_id=b.subject_id)
    booking_cancel(candidate=b.candidate, booking_id=b.pk)
    entry = WaitlistEntry.objects.get(candidate=waiter)
    assert sessions_with_availability().get(pk=s.pk).seats_left == 0
    later = entry.hold_expires_at + datetime.timedelta(seconds=1)
    assert sessions_with_availability(later).get(pk=s.pk).seats_left == 1
    assert timezone.now() < entry.hold_expires_at


def test_expire_holds_command_moves_the_offer_on():
    from io import StringIO

    from django.core.management import call_command

    s = f.session(capacity=1)
    first = f.candidate()
    b = book(first, s)
    w1, w2 = f.candidate(), f.candidate()
    e1 = waitlist_join(candidate=w1, session_id=s.pk, subject_id=b.subject_id)
    e2 = waitlist_join(candidate=w2, session_id=s.pk, subject_id=b.subject_id)
    booking_cancel(candidate=first, booking_id=b.pk)
    e1.refresh_from_db()
    out = StringIO()
    with time_machine.travel(e1.hold_expires_at + datetime.timedelta(seconds=1)):
        call_command("bookings_expire_holds", stdout=out)
    assert "1" in out.getvalue()
    e2.refresh_from_db()
    assert e2.status == WaitlistStatus.OFFERED
    assert BookingNotice.objects.filter(recipient=w1, subject_line__contains="过期").exists()


def test_booking_elsewhere_ends_waiting_for_that_subject_so_the_next_in_line_gets_the_seat():
    full = f.session(capacity=1, days_ahead=7)
    other = f.session(capacity=5, days_ahead=9, room_obj=f.room(name="第二考场"))
    holder, waiter, next_in_line = f.candidate(), f.candidate(), f.candidate()
    held = book(holder, full)
    subject_id = full.subjects.first().pk
    first = waitlist_join(candidate=waiter, session_id=full.pk, subject_id=subject_id)
    second = waitlist_join(candidate=next_in_line, session_id=full.pk, subject_id=subject_id)
    book(waiter, other)  # the first waiter found a seat in the same subject elsewhere
    first.refresh_from_db()
    assert first.status == WaitlistStatus.CANCELLED
    booking_cancel(candidate=holder, booking_id=held.pk)
    second.refresh_from_db()
    assert second.status == WaitlistStatus.OFFERED
    assert booking_create(candidate=next_in_line, session_id=full.pk, subject_id=subject_id).session_id == full.pk


def test_booking_again_in_a_full_session_says_you_already_hold_a_seat():
    s = f.session(capacity=1)
    user = f.candidate()
    book(user, s)
    with pytest.raises(BookingError, match="您已预约本场次") as info:
        book(user, s)
    assert not isinstance(info.value, SessionFullError)
    with pytest.raises(SessionFullError):
        book(f.candidate(), s)
