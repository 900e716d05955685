import datetime

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from courses.models import Certificate, Enrolment, LessonProgress
from courses.services import (
    CourseError,
    certificate_issue,
    enrolment_bulk_create,
    enrolment_create,
    lesson_complete,
    lesson_start,
)
from edu_platform.models import AuditLogEntry

from .conftest import make_course, make_enterprise, make_user, study

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _study(user, lesson, *, minutes: float):
    """Open ``lesson`` at START, study it actively for ``minutes`` and try to complete it."""
    with time_machine.travel(START, tick=False):
        lesson_start(user=user, lesson=lesson)
        study(user, lesson, int(minutes * 60))
    with time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False):
        return lesson_complete(user=user, lesson=lesson)


def test_enrol_is_idempotent_and_audited(learner, course):
    first = enrolment_create(user=learner, course=course)
    second = enrolment_create(user=learner, course=course)
    assert first.pk == second.pk
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1
    assert first.enrolled_by == learner
    assert AuditLogEntry.objects.filter(action="courses.enrolment.created").count() == 1


def test_unpublished_course_cannot_be_enrolled(learner):
    draft = make_course(published=False)
    with pytest.raises(CourseError, match="尚未发布"):
        enrolment_create(user=learner, course=draft)


def test_database_refuses_a_second_enrolment_row(learner, course):
    enrolment_create(user=learner, course=course)
    with pytest.raises(IntegrityError):
        Enrolment.objects.create(user=learner, course=course)


def test_lesson_needs_enrolment(learner, course):
    with pytest.raises(CourseError, match="请先报名"):
        lesson_start(user=learner, lesson=course.lessons.first())


def test_completing_before_the_minimum_study_time_is_refused_with_the_remaining_time(learner, course):
    enrolment_create(user=learner, course=course)
    lesson = course.lessons.first()  # 45 minutes → at least 36 minutes open
    with pytest.raises(CourseError) as excinfo:
        _study(learner, lesson, minutes=30)
    assert "还需学习 6 分钟" in excinfo.value.message
    assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is None


def test_completing_without_opening_is_refused(learner, course):
    enrolment_create(user=learner, course=course)
    with pytest.raises(CourseError, match="请先打开本课时"):
        lesson_complete(user=learner, lesson=course.lessons.first())


def test_completing_twice_keeps_the_first_completion(learner, course):
    enrolment_create(user=learner, course=course)
    lesson = course.lessons.first()
    first = _study(learner, lesson, minutes=40)
    with time_machine.travel(START + datetime.timedelta(hours=5), tick=False):
        again = lesson_complete(user=learner, lesson=lesson)
    assert again.completed_at == first.completed_at


def test_last_lesson_completes_the_enrolment(learner, course):
    enrolment = enrolment_create(user=learner, course=course)
    first, second = course.lessons.all()
    _study(learner, first, minutes=40)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    _study(learner, second, minutes=40)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_certificate_requires_completion(learner, course):
    enrolment = enrolment_create(user=learner, course=course)
    with pytest.raises(CourseError, match="完成课程全部课时"):
        certificate_issue(enrolment=enrolment)
    assert not Certificate.objects.exists()


def test_certificate_is_idempotent_and_numbers_are_unique(course):
    other_course = make_course("有限空间作业安全", minutes=(30,))
    certificates = []
    for user in (make_user(), make_user()):
        for c in (course, other_course):
            enrolment = enrolment_create(user=user, course=c)
            for lesson in c.lessons.all():
                _study(user, lesson, minutes=60)
            certificate = certificate_issue(enrolment=enrolment)
            assert certificate_issue(enrolment=enrolment).pk == certificate.pk
            certificates.append(certificate)
    numbers = [c.number for c in certificates]
    assert len(set(numbers)) == 4
    assert Certificate.objects.count() == 4
    assert all(n.startswith(f"YMPX-{timezone.now():%Y}-") for n in numbers)


def test_bulk_enrol_own_staff_is_idempotent(course):
    enterprise = make_enterprise()
    admin = make_user("boss", enterprise=enterprise, groups=["企业安全管理员"])
    staff = [make_user(enterprise=enterprise) for _ in range(3)]
    enrolment_create(user=staff[0], course=course)

    assert enrolment_bulk_create(actor=admin, course=course, users=staff) == 2
    assert enrolment_bulk_create(actor=admin, course=course, users=staff) == 0
    assert Enrolment.objects.filter(course=course).count() == 3
    assert Enrolment.objects.get(user=staff[1], course=course).enrolled_by == admin
    # The learner who enrolled themselves keeps their own record.
    assert Enrolment.objects.get(user=staff[0], course=course).enrolled_by == staff[0]


def test_bulk_enrol_refuses_other_enterprises_staff(course):
    mine, theirs = make_enterprise("甲公司"), make_enterprise("乙公司")
    admin = make_user("boss", enterprise=mine, groups=["企业安全管理员"])
    stranger = make_user(enterprise=theirs)
    with pytest.raises(CourseError, match="本单位"):
        enrolment_bulk_create(actor=admin, course=course, users=[make_user(enterprise=mine), stranger])
    assert not Enrolment.objects.exists()


def test_bulk_enrol_needs_the_enterprise_admin_role(course):
    enterprise = make_enterprise()
    colleague = make_user(enterprise=enterprise)
    with pytest.raises(CourseError, match="企业安全管理员"):
        enrolment_bulk_create(actor=colleague, course=course, users=[make_user(enterprise=enterprise)])
