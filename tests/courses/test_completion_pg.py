"""PostgreSQL: a learner completing a course's last two lessons at once (two tabs) still completes the
course. ``lesson_complete`` locks the enrolment row first, so the second completion waits and then
sees the first one's committed progress; without that lock each would miss the other's row."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from courses.models import Enrolment
from courses.services import enrolment_create, lesson_complete, lesson_start

from .conftest import make_course, make_user

pytestmark = [pytest.mark.postgres]


def _complete_in_thread(user, lesson, outcome):
    try:
        lesson_complete(user=user, lesson=lesson)
        outcome.append("completed")
    finally:
        close_old_connections()
        connection.close()


def test_two_last_lessons_completed_at_once_complete_the_course(transactional_db, settings):
    settings.COURSES_MIN_STUDY_RATIO = 0
    learner, course = make_user("twotabs"), make_course()
    enrolment = enrolment_create(user=learner, course=course)
    first, second = course.lessons.all()
    lesson_start(user=learner, lesson=first)
    lesson_start(user=learner, lesson=second)
    outcome: list[str] = []
    with transaction.atomic():
        lesson_complete(user=learner, lesson=first)
        other_tab = threading.Thread(target=_complete_in_thread, args=(learner, second, outcome))
        other_tab.start()
        other_tab.join(timeout=1.5)
        assert other_tab.is_alive(), "the second completion must wait for the first one's enrolment lock"
    other_tab.join(timeout=10)
    assert outcome == ["completed"]
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
