"""Enterprise bulk enrolment by Excel: each row becomes a staff invitation with a pending enrolment.

All or nothing: one refused row (bad data, or an invitation the accounts app refuses) and nothing
is written, no invitation and no SMS (accounts queues SMS after commit). People already on the
enterprise's staff list are enrolled at once: the admin sees them anyway, so this tells nothing
about who has an account. A pending invitation to the same number is reused, so uploading the same
file twice changes nothing.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.errors import AccountError
from accounts.models import StaffInvitation, User
from accounts.selectors import staff_invitation_cutoff
from accounts.services import staff_invitation_create, user_is_enterprise_admin
from edu_platform.audit import audit_log
from edu_platform.errors import Problem

from ..errors import CourseError
from ..models import Course, Enrolment, PendingEnrolment
from ..staff_upload import COLUMN_LABELS, StaffRow
from .enrolments import enrolment_create

# Where the accounts app's field names a column of the upload.
_FIELD_COLUMNS = {"real_name": "姓名", "phone": "手机号", "id_number": "身份证号"}


@dataclass(frozen=True)
class UploadSummary:
    enrolled: int  # already on the staff list: enrolled now
    invited: int  # new invitations, enrolled when accepted
    waiting: int  # an invitation was already pending: the course waits on it too


def _row_problems(row: StaffRow, error: AccountError) -> list[Problem]:
    problems = []
    for problem in error.problems:
        column = _FIELD_COLUMNS.get(problem.field or "", COLUMN_LABELS["phone"])
        message = _("第 %(row)d 行“%(column)s”：%(message)s") % {
            "row": row.row,
            "column": column,
            "message": problem.message,
        }
        problems.append(Problem(message, field="file", row=row.row, column=column))
    return problems


def _pending_for(enterprise, phone: str) -> StaffInvitation | None:
    return (
        StaffInvitation.objects.filter(
            enterprise=enterprise,
            phone=phone,
            status=StaffInvitation.Status.PENDING,
            created_at__gte=staff_invitation_cutoff(),
        )
        .order_by("-created_at")
        .first()
    )


def _pending_enrolment_add(*, invitation: StaffInvitation, course: Course, actor: User) -> bool:
    try:
        with transaction.atomic():
            _obj, created = PendingEnrolment.objects.get_or_create(
                invitation=invitation, course=course, defaults={"created_by": actor}
            )
    except IntegrityError:
        created = False  # a double submit raced us to the same row
    return created


@transaction.atomic
def enrolment_upload_apply(*, actor: User, course: Course, rows: list[StaffRow]) -> UploadSummary:
    """Enrol the upload's people on ``course``: staff now, everyone else by invitation (see module doc)."""
    if not user_is_enterprise_admin(actor):
        raise CourseError(_("只有企业安全管理员可以为本单位员工批量报名。"))
    if not course.is_published:
        raise CourseError(_("该课程尚未发布，暂不能报名。"), field="course")
    enterprise = actor.enterprise
    staff_by_phone = {
        user.phone: user
        for user in User.objects.filter(enterprise=enterprise, phone__in=[row.phone for row in rows], is_active=True)
    }
    problems: list[Problem] = []
    enrolled = invited = waiting = 0
    already = set(
        Enrolment.objects.filter(course=course, user__in=staff_by_phone.values()).values_list("user_id", flat=True)
    )
    for row in rows:
        member = staff_by_phone.get(row.phone)
        if member is not None:
            if member.pk not in already:
                enrolment_create(user=member, course=course, enrolled_by=actor)
                already.add(member.pk)
                enrolled += 1
            continue
        invitation = _pending_for(enterprise, row.phone)
        if invitation is not None:
            waiting += _pending_enrolment_add(invitation=invitation, course=course, actor=actor)
            continue
        try:
            with transaction.atomic():
                invitation = staff_invitation_create(
                    enterprise=enterprise,
                    actor=actor,
                    real_name=row.real_name,
                    phone=row.phone,
                    id_number=row.id_number,
                )
        except AccountError as error:
            problems += _row_problems(row, error)
            continue
        _pending_enrolment_add(invitation=invitation, course=course, actor=actor)
        invited += 1
    if problems:
        # Raising inside the atomic block undoes every invitation and enrolment of this upload.
        raise CourseError(problems=problems)
    summary = UploadSummary(enrolled=enrolled, invited=invited, waiting=waiting)
    audit_log(
        "courses.enrolment.uploaded",
        target=course,
        actor=actor,
        data={"enterprise_id": enterprise.pk, "rows": len(rows), **summary.__dict__},
    )
    return summary


@transaction.atomic
def pending_enrolments_fulfil(*, invitation: StaffInvitation, user: User) -> int:
    """Enrol a person who accepted ``invitation`` on the courses waiting for it; returns how many.

    Called by the ``staff_invitation_accepted`` receiver inside the acceptance's transaction, so it
    must not refuse: a course unpublished since the upload stays pending instead.
    """
    count = 0
    pending = (
        PendingEnrolment.objects.select_for_update()
        .select_related("course")
        .filter(invitation=invitation, enrolment__isnull=True)
    )
    for item in pending:
        if not item.course.is_published:
            continue
        enrolment = enrolment_create(user=user, course=item.course, enrolled_by=item.created_by or user)
        item.enrolment = enrolment
        item.save(update_fields=["enrolment"])
        count += 1
    if count:
        audit_log(
            "courses.pending_enrolment.fulfilled",
            target=invitation,
            actor=user,
            data={"courses": count, "enterprise_id": invitation.enterprise_id},
        )
    return count
