"""Certificate test data, built through the real services."""

import datetime
import itertools

from django.contrib.auth.models import Group

from accounts.models import PersonCategory, User
from bookings.models import Booking, BookingStatus, ExamSession
from bookings.services import booking_create
from bookings.signals import booking_result_recorded
from certificates.models import CertificateKind
from certificates.selectors import CategoryKey
from certificates.services import certificate_issue
from tests.bookings import factories as bf

LOW_VOLTAGE = CategoryKey(CertificateKind.SPECIAL_OPERATION, PersonCategory.SPECIAL_OPERATOR, operation="低压电工作业")
HAZCHEM_PRINCIPAL = CategoryKey(
    CertificateKind.SAFETY_QUALIFICATION, PersonCategory.PRINCIPAL, industry="hazardous_chemicals"
)

candidate = bf.candidate
_rooms = itertools.count(1)
id_number = bf.id_number


def staff(group: str = "考务管理员") -> User:
    user = bf.exam_admin()
    if group != "考务管理员":
        user.groups.set([Group.objects.get(name=group)])
    return User.objects.get(pk=user.pk)


def issue(holder=None, key: CategoryKey = LOW_VOLTAGE, issued_on=datetime.date(2024, 3, 5)):
    return certificate_issue(holder=holder or candidate(), key=key, issued_on=issued_on)


def passed_result(user, *, subject=None, exam_day: datetime.date, passed: bool = True, actor=None) -> Booking:
    """A booking whose result the exam system recorded on ``exam_day``, announced as bookings does.

    The session is booked in the future through the real service, then moved to ``exam_day`` and
    given its result, standing in for the days between booking and the results import.
    """
    subject = subject or bf.subject()
    _meet_training_requirement(user, subject)
    session = bf.session(subjects=[subject], room_obj=bf.room(subjects=[subject], name=f"考场{next(_rooms)}"))
    booking = booking_create(candidate=user, session_id=session.pk, subject_id=subject.pk)
    ExamSession.objects.filter(pk=session.pk).update(date=exam_day)
    Booking.objects.filter(pk=booking.pk).update(
        status=BookingStatus.COMPLETED, score=90 if passed else 50, passed=passed
    )
    booking = Booking.objects.select_related("session", "subject", "candidate").get(pk=booking.pk)
    booking_result_recorded.send(sender=Booking, booking=booking, actor=actor)
    return booking


def recert_training(user, *, on: datetime.date, hours: int = 8):
    """``hours`` 学时 of 复审培训 completed by ``user`` on ``on`` (through the courses services)."""
    import time_machine
    from django.utils import timezone

    from courses.models import Course, Lesson, TrainingType
    from courses.services import enrolment_create, lesson_complete, lesson_start

    course = Course.objects.create(
        title=f"特种作业复审培训{hours}",
        summary="复审",
        person_category=PersonCategory.SPECIAL_OPERATOR,
        training_type=TrainingType.RECERTIFICATION,
        is_published=True,
    )
    lesson = Lesson.objects.create(course=course, title="复审", body="内容", minutes=hours * 45, sort_order=0)
    start = timezone.make_aware(datetime.datetime.combine(on, datetime.time(8, 0)))
    with time_machine.travel(start, tick=False):
        enrolment_create(user=user, course=course)
        lesson_start(user=user, lesson=lesson)
    with time_machine.travel(start + datetime.timedelta(minutes=hours * 45), tick=False):
        lesson_complete(user=user, lesson=lesson)


def enterprise(name: str = "云梦县测试化工有限公司"):
    from accounts.models import Town
    from accounts.services import enterprise_create
    from accounts.validators import credit_code_check_char

    body = f"91420923MA4F{next(_rooms):05d}"
    town = Town.objects.order_by("pk").first() or Town.objects.create(name="城关镇", code="chengguan")
    return enterprise_create(name=name, credit_code=body + credit_code_check_char(body), town=town)


def enterprise_admin(company):
    user = candidate(enterprise=company)
    user.groups.add(Group.objects.get(name="企业安全管理员"))
    return user


def _meet_training_requirement(user, subject) -> None:
    """Give ``user`` the initial training the booking gate asks for ``subject`` (completed two days ago)."""
    import time_machine
    from django.utils import timezone

    from courses.models import Course, Lesson, TrainingType
    from courses.selectors import training_requirement_met
    from courses.services import enrolment_create, lesson_complete, lesson_start

    if training_requirement_met(user, subject):
        return
    course = Course.objects.create(
        title=f"{subject.name}初训",
        summary="初训",
        person_category=subject.person_category,
        training_type=TrainingType.INITIAL,
        is_published=True,
    )
    lesson = Lesson.objects.create(course=course, title="初训", body="内容", minutes=80 * 45, sort_order=0)
    start = timezone.now() - datetime.timedelta(days=4)
    with time_machine.travel(start, tick=False):
        enrolment_create(user=user, course=course)
        lesson_start(user=user, lesson=lesson)
    with time_machine.travel(start + datetime.timedelta(minutes=80 * 45), tick=False):
        lesson_complete(user=user, lesson=lesson)
