import io

import pytest

from courses import demo
from courses.models import Course, Enrolment, Lesson, LessonProgress
from courses.selectors import training_minutes

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent():
    demo.seed(io.StringIO())
    counts = (Course.objects.count(), Lesson.objects.count(), Enrolment.objects.count())
    demo.seed(io.StringIO())
    assert (Course.objects.count(), Lesson.objects.count(), Enrolment.objects.count()) == counts
    assert counts[0] == 4
    learner = Enrolment.objects.get(course__title="低压电工作业初训").user
    assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 2
    assert training_minutes(learner) == 90
