import datetime

import pytest
import time_machine

from accounts.models import Industry, PersonCategory
from courses.selectors import (
    enterprise_staff_hours,
    minutes_to_hours,
    training_minutes,
    training_requirement_met,
)
from courses.services import enrolment_create, lesson_complete, lesson_start

from .conftest import make_course, make_enterprise, make_subject, make_user

pytestmark = pytest.mark.django_db


def _complete(user, lesson, when: datetime.datetime):
    with time_machine.travel(when, tick=False):
        lesson_start(user=user, lesson=lesson)
    with time_machine.travel(when + datetime.timedelta(minutes=lesson.minutes), tick=False):
        lesson_complete(user=user, lesson=lesson)


def _complete_course(user, course, when: datetime.datetime):
    enrolment_create(user=user, course=course)
    for lesson in course.lessons.all():
        _complete(user, lesson, when)


def test_hours_are_completed_minutes_over_45(learner):
    course = make_course(minutes=(45, 30, 60))
    enrolment_create(user=learner, course=course)
    first, second, _third = course.lessons.all()
    when = datetime.datetime(2026, 4, 1, 8, tzinfo=datetime.UTC)
    _complete(learner, first, when)
    _complete(learner, second, when)
    with time_machine.travel(when, tick=False):
        lesson_start(user=learner, lesson=_third)  # opened, not completed: no hours
    assert training_minutes(learner) == 75
    assert training_minutes(learner, course=course) == 75
    assert minutes_to_hours(training_minutes(learner)) == 1.7


def test_hours_by_year_and_in_one_query(learner, django_assert_num_queries):
    old, new = make_course("2025 年再培训", minutes=(90,)), make_course("2026 年再培训", minutes=(45,))
    _complete_course(learner, old, datetime.datetime(2025, 12, 30, 8, tzinfo=datetime.UTC))
    _complete_course(learner, new, datetime.datetime(2026, 1, 5, 8, tzinfo=datetime.UTC))
    with django_assert_num_queries(1):
        assert training_minutes(learner, year=2026) == 45
    assert training_minutes(learner, year=2025) == 90


def test_requirement_with_zero_hours_is_always_met(learner):
    assert training_requirement_met(learner, make_subject(hours=0))


def test_requirement_counts_only_courses_linked_to_the_subject(learner):
    subject = make_subject(hours=2)  # 90 minutes
    linked = make_course("低压电工作业初训", minutes=(45,), subjects=[subject])
    unrelated = make_course("有限空间作业安全", minutes=(120,))
    when = datetime.datetime(2026, 5, 1, 8, tzinfo=datetime.UTC)
    _complete_course(learner, unrelated, when)
    _complete_course(learner, linked, when)
    assert not training_requirement_met(learner, subject)

    more = make_course("低压电工作业实操", minutes=(45,), subjects=[subject])
    _complete_course(learner, more, when)
    assert training_requirement_met(learner, subject)  # exactly 90 minutes = 2 学时


def test_requirement_is_per_user(learner):
    subject = make_subject(hours=1)
    _complete_course(learner, make_course(minutes=(45,), subjects=[subject]), datetime.datetime(2026, 5, 1))
    assert training_requirement_met(learner, subject)
    assert not training_requirement_met(make_user(), subject)


def test_enterprise_staff_hours_use_the_seeded_yearly_rules():
    enterprise = make_enterprise(industry=Industry.HAZARDOUS_CHEMICALS)
    manager = make_user(enterprise=enterprise, category=PersonCategory.SAFETY_MANAGER)
    operator = make_user(enterprise=enterprise, category=PersonCategory.SPECIAL_OPERATOR)
    outsider = make_user(category=PersonCategory.SAFETY_MANAGER)
    course = make_course(minutes=(45,) * 16, category=PersonCategory.SAFETY_MANAGER)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 8, tzinfo=datetime.UTC)):
        _complete_course(manager, course, datetime.datetime(2026, 3, 1, 8, tzinfo=datetime.UTC))
        _complete_course(outsider, course, datetime.datetime(2026, 3, 1, 8, tzinfo=datetime.UTC))
        rows = {row.user: row for row in enterprise_staff_hours(enterprise, year=2026)}
    assert set(rows) == {manager, operator}
    # 危险化学品 is high-risk: 安全生产管理人员 need 16 学时 a year.
    assert rows[manager].annual_hours_required == 16
    assert rows[manager].hours_this_year == 16
    assert rows[manager].requirement_met
    assert rows[operator].annual_hours_required == 0


def test_enterprise_staff_hours_short_of_the_rule(django_assert_max_num_queries):
    enterprise = make_enterprise(industry=Industry.OTHER)
    principal = make_user(enterprise=enterprise, category=PersonCategory.PRINCIPAL)
    for _ in range(5):
        make_user(enterprise=enterprise)
    _complete_course(principal, make_course(minutes=(45,) * 11), datetime.datetime(2026, 2, 1, 8, tzinfo=datetime.UTC))
    with (
        time_machine.travel(datetime.datetime(2026, 6, 1, 8, tzinfo=datetime.UTC)),
        django_assert_max_num_queries(2),
    ):
        rows = {row.user: row for row in enterprise_staff_hours(enterprise, year=2026)}
    assert rows[principal].annual_hours_required == 12
    assert rows[principal].hours_this_year == 11
    assert not rows[principal].requirement_met
