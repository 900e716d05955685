"""Enrolments and completion certificates."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_is_enterprise_admin
from edu_platform.audit import audit_log

from ..errors import CourseError
from ..models import Certificate, Course, Enrolment


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
