import datetime

import pytest
import time_machine

from courses.selectors import minutes_to_hours, training_minutes
from courses.services import enrolment_create, lesson_start

from .conftest import complete_course, complete_lesson, make_course

pytestmark = pytest.mark.django_db


def test_hours_are_completed_minutes_over_45(learner):
    course = make_course(minutes=(45, 30, 60))
    enrolment_create(user=learner, course=course)
    first, second, _third = course.lessons.all()
    when = datetime.datetime(2026, 4, 1, 8, tzinfo=datetime.UTC)
    complete_lesson(learner, first, when)
    complete_lesson(learner, second, when)
    with time_machine.travel(when, tick=False):
        lesson_start(user=learner, lesson=_third)  # opened, not completed: no hours
    assert training_minutes(learner) == 75
    assert training_minutes(learner, course=course) == 75
    assert minutes_to_hours(training_minutes(learner)) == 1.7


def test_hours_by_year_and_in_one_query(learner, django_assert_num_queries):
    old, new = make_course("2025 年再培训", minutes=(90,)), make_course("2026 年再培训", minutes=(45,))
    complete_course(learner, old, datetime.datetime(2025, 12, 30, 8, tzinfo=datetime.UTC))
    complete_course(learner, new, datetime.datetime(2026, 1, 5, 8, tzinfo=datetime.UTC))
    with django_assert_num_queries(1):
        assert training_minutes(learner, year=2026) == 45
    assert training_minutes(learner, year=2025) == 90
