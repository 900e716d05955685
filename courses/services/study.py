"""Studying a lesson: opening it, active study time, completing it."""

import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from edu_platform.audit import audit_log

from ..errors import CourseError
from ..models import Enrolment, Lesson, LessonProgress


def min_study_seconds(lesson: Lesson) -> int:
    """The least time a lesson must be open before it may be completed (a share of its minutes).

    ``COURSES_MIN_STUDY_RATIO`` (default 0.8) is the share; the server's ``started_at`` is the clock.
    """
    ratio = float(getattr(settings, "COURSES_MIN_STUDY_RATIO", 0.8))
    return math.ceil(lesson.minutes * 60 * ratio)


def _enrolment_for_lesson(user: User, lesson: Lesson, *, lock: bool = False) -> Enrolment:
    enrolments = Enrolment.objects.select_for_update() if lock else Enrolment.objects
    enrolment = enrolments.filter(user=user, course_id=lesson.course_id).first()
    if enrolment is None:
        raise CourseError(_("请先报名该课程，再开始学习。"))
    return enrolment


@transaction.atomic
def lesson_start(*, user: User, lesson: Lesson) -> LessonProgress:
    """Record when ``user`` first opened ``lesson``; opening it again (a reload) keeps the first time."""
    _enrolment_for_lesson(user, lesson)
    try:
        with transaction.atomic():
            progress, _created = LessonProgress.objects.get_or_create(
                user=user, lesson=lesson, defaults={"started_at": timezone.now()}
            )
    except IntegrityError:
        progress = LessonProgress.objects.get(user=user, lesson=lesson)
    return progress


def _remaining_text(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    if minutes and secs:
        return _("%(m)d 分 %(s)d 秒") % {"m": minutes, "s": secs}
    if minutes:
        return _("%(m)d 分钟") % {"m": minutes}
    return _("%(s)d 秒") % {"s": secs}


@transaction.atomic
def lesson_complete(*, user: User, lesson: Lesson) -> LessonProgress:
    """Mark ``lesson`` completed once it has been open for its minimum study time.

    The start time is the server's, recorded when the lesson was first opened, so neither a reload
    nor a hand-made POST can shorten it. Completing twice is harmless. When this was the course's
    last lesson, the enrolment is completed too.
    """
    # The enrolment's row lock serialises a learner's completions on one course: two last lessons
    # completed at once would each miss the other's uncommitted row and leave the course open.
    enrolment = _enrolment_for_lesson(user, lesson, lock=True)
    progress = LessonProgress.objects.select_for_update().filter(user=user, lesson=lesson).first()
    if progress is None:
        raise CourseError(_("请先打开本课时学习，再标记完成。"))
    if progress.completed_at is not None:
        return progress
    now = timezone.now()
    remaining = min_study_seconds(lesson) - int((now - progress.started_at).total_seconds())
    if remaining > 0:
        raise CourseError(
            _("本课时至少需要学习 %(min)s，还需学习 %(left)s才能标记完成。")
            % {"min": _remaining_text(min_study_seconds(lesson)), "left": _remaining_text(remaining)}
        )
    progress.completed_at = now
    progress.save(update_fields=["completed_at"])

    lesson_ids = set(Lesson.objects.filter(course_id=lesson.course_id).values_list("pk", flat=True))
    done_ids = set(
        LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    if lesson_ids <= done_ids and Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now
    ):
        audit_log("courses.enrolment.completed", target=enrolment, actor=user)
    return progress
