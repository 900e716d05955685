"""Builders for course tests: courses are admin content (ModelViewSet forms), everything else goes through services."""

import datetime
import itertools

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone

from accounts.models import Enterprise, Industry, PersonCategory, Town, User
from accounts.validators import credit_code_check_char
from courses.models import Course, Lesson, TrainingType
from courses.services import enrolment_create, lesson_complete, lesson_heartbeat, lesson_start
from exams.models import ExamSubject

_seq = itertools.count(1)


def make_user(username: str | None = None, *, enterprise=None, category=PersonCategory.SPECIAL_OPERATOR, groups=()):
    username = username or f"learner{next(_seq)}"
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.cn",
        password="pw-Secret-123",
        real_name=f"学员{username}",
        person_category=category,
        enterprise=enterprise,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_enterprise(name: str = "云梦县测试化工有限公司", *, industry=Industry.OTHER) -> Enterprise:
    body = f"91420923MA4F{next(_seq):05d}"
    return Enterprise.objects.create(
        name=name, credit_code=body + credit_code_check_char(body), industry=industry, town=Town.objects.first()
    )


def make_course(
    title: str = "低压电工作业初训",
    *,
    minutes=(45, 45),
    published=True,
    category=PersonCategory.SPECIAL_OPERATOR,
    training_type=TrainingType.INITIAL,
    subjects=(),
) -> Course:
    course = Course.objects.create(
        title=title,
        summary=f"{title}的简介。",
        description="第一段。\n\n第二段。",
        person_category=category,
        training_type=training_type,
        is_published=published,
    )
    for index, length in enumerate(minutes):
        Lesson.objects.create(course=course, sort_order=index, title=f"第{index + 1}课", body="内容", minutes=length)
    course.subjects.set(subjects)
    return course


def make_subject(code: str = "low-voltage-electrician", *, category=PersonCategory.SPECIAL_OPERATOR) -> ExamSubject:
    return ExamSubject.objects.create(code=code, name=f"科目{code}", person_category=category)


def study(user, lesson, seconds: int) -> None:
    """Credit ``seconds`` of active study through two real heartbeats (the interval stretched to fit)."""
    base = timezone.now()
    with override_settings(COURSES_HEARTBEAT_SECONDS=max(30, seconds)):
        lesson_heartbeat(user=user, lesson=lesson, now=base)
        lesson_heartbeat(user=user, lesson=lesson, now=base + datetime.timedelta(seconds=seconds))


def complete_lesson(user, lesson, when: datetime.datetime) -> None:
    """Study ``lesson`` from ``when`` for its full length and complete it (the server's clock travels)."""
    with time_machine.travel(when, tick=False):
        lesson_start(user=user, lesson=lesson)
        study(user, lesson, lesson.minutes * 60)
    with time_machine.travel(when + datetime.timedelta(minutes=lesson.minutes), tick=False):
        lesson_complete(user=user, lesson=lesson)


def complete_course(user, course, when: datetime.datetime) -> None:
    enrolment_create(user=user, course=course)
    for lesson in course.lessons.all():
        complete_lesson(user, lesson, when)


@pytest.fixture
def learner(db):
    return make_user("learner")


@pytest.fixture
def course(db):
    return make_course()
