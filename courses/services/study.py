"""Studying a lesson: opening it, active study time, completing it.

Active time: while a lesson page is visible it sends a heartbeat every ``COURSES_HEARTBEAT_SECONDS``
(default 30). Each accepted beat credits the lesson it names with the server time elapsed since the
learner's previous accepted beat, whatever lesson that one named; a gap longer than twice the
interval (the page was hidden, the laptop slept) credits nothing and restarts the clock. So a
learner's credited time never exceeds the wall-clock time: with two tabs open, at most one lesson
accrues at a time, and a beat for lesson B moves the "current lesson" to B. The learner's
``StudyPresence`` row is locked by every beat, so two tabs beating at once credit that time once.
"""

import datetime
import math

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from edu_platform.audit import audit_log

from ..errors import CourseError
from ..models import Enrolment, Lesson, LessonProgress, StudyPresence


def min_study_seconds(lesson: Lesson) -> int:
    """The least time a lesson must be open before it may be completed (a share of its minutes).

    ``COURSES_MIN_STUDY_RATIO`` (default 0.8) is the share; the clock is the active time the
    heartbeats credited (``LessonProgress.active_seconds``).
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


def heartbeat_seconds() -> int:
    """How often a visible lesson page reports presence."""
    return int(getattr(settings, "COURSES_HEARTBEAT_SECONDS", 30))


def _presence_for_update(user: User) -> StudyPresence:
    """The learner's presence row, locked until the transaction ends (created on the first beat)."""
    presence = StudyPresence.objects.select_for_update().filter(user=user).first()
    if presence is not None:
        return presence
    try:
        with transaction.atomic():
            StudyPresence.objects.create(user=user)
    except IntegrityError:
        pass  # another tab created it a moment ago; lock theirs
    return StudyPresence.objects.select_for_update().get(user=user)


@transaction.atomic
def lesson_heartbeat(*, user: User, lesson: Lesson, now: datetime.datetime | None = None) -> LessonProgress:
    """Credit ``lesson`` with the active time since the learner's previous accepted beat (see module doc).

    ``now`` is for tests; the page's own clock is never trusted.
    """
    now = now or timezone.now()
    presence = _presence_for_update(user)
    # Read after taking the lock, so the value shown is the one the other tab's beat left.
    progress = LessonProgress.objects.filter(user=user, lesson=lesson).first()
    if progress is None:
        raise CourseError(_("请先打开本课时学习，再计时。"))
    credit, in_time = 0, False
    if presence.last_beat_at is not None:
        elapsed = (now - presence.last_beat_at).total_seconds()
        in_time = 0 < elapsed <= 2 * heartbeat_seconds()
        credit = int(elapsed) if in_time else 0
    if credit and progress.completed_at is None:
        # Under the presence lock; the conditional F() update keeps the row right even so.
        LessonProgress.objects.filter(pk=progress.pk).update(active_seconds=models.F("active_seconds") + credit)
        progress.active_seconds += credit
    # In time: carry the fraction of a second not credited, so many beats add up to the wall time.
    # Otherwise (the first beat, a gap, a clock step back) the clock restarts now.
    presence.last_beat_at = presence.last_beat_at + datetime.timedelta(seconds=credit) if in_time else now
    presence.lesson = lesson
    presence.save(update_fields=["last_beat_at", "lesson"])
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
    """Mark ``lesson`` completed once its active study time reaches the minimum.

    The active time is credited by the server between heartbeats of a visible page, so neither
    open tabs, a reload nor a hand-made POST can shorten it. Completing twice is harmless. When this
    was the course's last lesson, the enrolment is completed too.
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
    remaining = min_study_seconds(lesson) - progress.active_seconds
    if remaining > 0:
        raise CourseError(
            _("本课时至少需要有效学习 %(min)s，还需学习 %(left)s才能标记完成（只在本页面显示于前台时计时）。")
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
