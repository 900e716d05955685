"""PostgreSQL: two tabs beating at the same moment credit that time once.

``lesson_heartbeat`` locks the learner's presence row, so the second beat waits for the first and
then finds the clock already moved on. The control run reads the row without the lock and shows
the race this test would catch: both beats credit the same 30 seconds.
"""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from courses.models import LessonProgress, StudyPresence
from courses.services import enrolment_create, lesson_heartbeat, lesson_start
from courses.services import study as study_services

from .conftest import make_course, make_user

pytestmark = [pytest.mark.postgres]


def _beat_in_thread(user, lesson, now, done):
    try:
        lesson_heartbeat(user=user, lesson=lesson, now=now)
        done.append(lesson.pk)
    finally:
        close_old_connections()
        connection.close()


def _two_tabs_beat_at_once(*, must_wait: bool) -> int:
    learner, course = make_user(), make_course()
    enrolment_create(user=learner, course=course)
    first, second = course.lessons.all()
    lesson_start(user=learner, lesson=first)
    lesson_start(user=learner, lesson=second)
    t0 = timezone.now()
    lesson_heartbeat(user=learner, lesson=first, now=t0)
    beat = t0 + datetime.timedelta(seconds=30)
    done: list[int] = []
    with transaction.atomic():
        lesson_heartbeat(user=learner, lesson=first, now=beat)
        other_tab = threading.Thread(target=_beat_in_thread, args=(learner, second, beat, done))
        other_tab.start()
        other_tab.join(timeout=1.5)
        if must_wait:
            assert other_tab.is_alive(), "the second beat must wait for the first one's presence lock"
    other_tab.join(timeout=10)
    assert done == [second.pk]
    return sum(LessonProgress.objects.filter(user=learner).values_list("active_seconds", flat=True))


def test_two_tabs_beating_at_once_accrue_once(transactional_db):
    assert _two_tabs_beat_at_once(must_wait=True) == 30


def test_control_without_the_lock_both_tabs_accrue(transactional_db, monkeypatch):
    def unlocked(user):
        StudyPresence.objects.get_or_create(user=user)
        return StudyPresence.objects.get(user=user)

    monkeypatch.setattr(study_services, "_presence_for_update", unlocked)
    # (Unlocked, the second beat still waits to write the presence row, but it read it too early.)
    assert _two_tabs_beat_at_once(must_wait=False) == 60
