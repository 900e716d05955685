"""Active study time: heartbeats credit one lesson at a time, never more than the wall-clock time."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from courses.models import LessonProgress, StudyPresence
from courses.services import CourseError, enrolment_create, lesson_complete, lesson_heartbeat, lesson_start

from .conftest import make_course

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def at(seconds: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def active(user, lesson) -> int:
    return LessonProgress.objects.get(user=user, lesson=lesson).active_seconds


@pytest.fixture
def three_lessons(learner):
    course = make_course(minutes=(45, 45, 45))
    enrolment_create(user=learner, course=course)
    lessons = list(course.lessons.all())
    with time_machine.travel(T0, tick=False):
        for lesson in lessons:
            lesson_start(user=learner, lesson=lesson)
    return lessons


def test_beats_credit_the_time_between_them(learner, three_lessons):
    first = three_lessons[0]
    lesson_heartbeat(user=learner, lesson=first, now=at(0))  # starts the clock, credits nothing
    assert active(learner, first) == 0
    for second in (30, 60, 90):
        lesson_heartbeat(user=learner, lesson=first, now=at(second))
    assert active(learner, first) == 90


def test_a_gap_longer_than_twice_the_interval_credits_nothing(learner, three_lessons):
    first = three_lessons[0]
    lesson_heartbeat(user=learner, lesson=first, now=at(0))
    lesson_heartbeat(user=learner, lesson=first, now=at(60))  # exactly 2 × 30 s: still present
    lesson_heartbeat(user=learner, lesson=first, now=at(60 + 61))  # hidden page, sleep: a gap
    assert active(learner, first) == 60
    lesson_heartbeat(user=learner, lesson=first, now=at(60 + 61 + 30))  # back: counting again
    assert active(learner, first) == 90


def test_a_beat_for_another_lesson_moves_the_current_lesson(learner, three_lessons):
    first, second, _third = three_lessons
    lesson_heartbeat(user=learner, lesson=first, now=at(0))
    lesson_heartbeat(user=learner, lesson=first, now=at(30))
    lesson_heartbeat(user=learner, lesson=second, now=at(40))
    assert StudyPresence.objects.get(user=learner).lesson == second
    lesson_heartbeat(user=learner, lesson=second, now=at(70))
    assert (active(learner, first), active(learner, second)) == (30, 40)


def test_tabs_beating_in_turn_share_the_wall_time(learner, three_lessons):
    """Every lesson open in its own visible tab, each beating every 30 s, for 36 minutes."""
    for second in range(0, 36 * 60 + 1, 30):
        for offset, lesson in enumerate(three_lessons):
            lesson_heartbeat(user=learner, lesson=lesson, now=at(second + offset * 0.3))
    total = sum(active(learner, lesson) for lesson in three_lessons)
    assert 36 * 60 - 2 <= total <= 36 * 60 + 1
    # Farming by tabs is gone: 36 minutes present complete one 45-minute lesson (36 min), not all three.
    completed = 0
    with time_machine.travel(at(36 * 60 + 5), tick=False):
        for lesson in three_lessons:
            try:
                lesson_complete(user=learner, lesson=lesson)
                completed += 1
            except CourseError as error:
                assert "才能标记完成" in error.message
    assert completed <= 1


def test_fractions_of_a_second_add_up(learner, three_lessons):
    first = three_lessons[0]
    for step in range(0, 101):
        lesson_heartbeat(user=learner, lesson=first, now=at(step * 0.7))
    assert active(learner, first) == 70  # 100 beats 0.7 s apart, nothing lost to rounding


def test_a_beat_needs_the_lesson_opened(learner):
    course = make_course()
    enrolment_create(user=learner, course=course)
    with pytest.raises(CourseError, match="请先打开本课时"):
        lesson_heartbeat(user=learner, lesson=course.lessons.first())


def test_heartbeat_endpoint(client, learner, three_lessons, django_assert_max_num_queries):
    first = three_lessons[0]
    url = reverse("courses:lesson_beat", args=[first.course_id, first.pk])
    assert client.post(url).status_code == 403  # anonymous: JSON refusal, no login page
    client.force_login(learner)
    assert client.get(url).status_code == 405
    with time_machine.travel(at(0), tick=False):
        client.post(url)
    with time_machine.travel(at(25), tick=False), django_assert_max_num_queries(10):
        state = client.post(url).json()
    assert state == {
        "active_seconds": 25,
        "active_minutes": 0,
        "remaining_seconds": 36 * 60 - 25,
        "remaining_minutes": 36,
        "completed": False,
    }
    other = make_course("别的课程")
    other_lesson = other.lessons.first()
    response = client.post(reverse("courses:lesson_beat", args=[other.pk, other_lesson.pk]))
    assert response.status_code == 400
    assert "请先打开本课时" in response.json()["error"]
