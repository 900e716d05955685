"""Every write a learner, enterprise admin or training admin can cause in the courses app."""

import math
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_is_enterprise_admin
from edu_platform.audit import audit_log

from .models import Certificate, Course, Enrolment, Lesson, LessonProgress


class CourseError(Exception):
    """A course action that cannot be done; ``message`` is Chinese and tells the user what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def min_study_seconds(lesson: Lesson) -> int:
    """The least time a lesson must be open before it may be completed (a share of its minutes).

    ``COURSES_MIN_STUDY_RATIO`` (default 0.8) is the share; the server's ``started_at`` is the clock.
    """
    ratio = float(getattr(settings, "COURSES_MIN_STUDY_RATIO", 0.8))
    return math.ceil(lesson.minutes * 60 * ratio)


@transaction.atomic
def enrolment_create(*, user: User, course: Course, enrolled_by: User | None = None) -> Enrolment:
    """Enrol ``user`` on a published ``course``; enrolling twice returns the existing enrolment."""
    if not course.is_published:
        raise CourseError(_("该课程尚未发布，暂不能报名。"))
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                user=user, course=course, defaults={"enrolled_by": enrolled_by or user}
            )
    except IntegrityError:
        # A double click raced us to the unique (user, course) row: theirs is as good as ours.
        enrolment, created = Enrolment.objects.get(user=user, course=course), False
    if created:
        audit_log("courses.enrolment.created", target=enrolment, actor=enrolled_by or user)
    return enrolment


@transaction.atomic
def enrolment_bulk_create(*, actor: User, course: Course, users: Iterable[User]) -> int:
    """An enterprise admin enrols several of their own staff at once; returns how many were newly enrolled.

    Idempotent: staff already on the course are left as they are. Anyone outside the admin's
    enterprise is refused, so a forged form cannot enrol another company's staff.
    """
    if not course.is_published:
        raise CourseError(_("该课程尚未发布，暂不能报名。"))
    if not user_is_enterprise_admin(actor):
        raise CourseError(_("只有企业安全管理员可以为本单位员工批量报名。"))
    users = list(users)
    if not users:
        raise CourseError(_("请至少选择一名员工。"))
    if any(u.enterprise_id != actor.enterprise_id for u in users):
        raise CourseError(_("只能为本单位的员工报名。"))
    already = set(Enrolment.objects.filter(course=course, user__in=users).values_list("user_id", flat=True))
    new = [Enrolment(user=u, course=course, enrolled_by=actor) for u in users if u.pk not in already]
    Enrolment.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        audit_log(
            "courses.enrolment.bulk_created",
            target=course,
            actor=actor,
            data={"user_ids": [e.user_id for e in new], "enterprise_id": actor.enterprise_id},
        )
    return len(new)


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


def _certificate_number(enrolment: Enrolment, issued_at) -> str:
    # Derived from the enrolment's primary key, so two certificates can never share a number.
    return f"YMPX-{issued_at:%Y}-{enrolment.course_id:04d}-{enrolment.pk:06d}"


@transaction.atomic
def certificate_issue(*, enrolment: Enrolment) -> Certificate:
    """Issue the 结业证书 of a completed enrolment; asking again returns the same certificate."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    if enrolment.completed_at is None:
        raise CourseError(_("完成课程全部课时后才能领取结业证书。"))
    issued_at = timezone.now()
    certificate = Certificate.objects.create(
        enrolment=enrolment, number=_certificate_number(enrolment, issued_at), issued_at=issued_at
    )
    audit_log("courses.certificate.issued", target=certificate, actor=enrolment.user)
    return certificate
