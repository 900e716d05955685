"""Staff invitations (员工邀请): an enterprise's safety admin invites a person; the person accepts
or declines in their own account. The admin's form answers the same whether or not the number
belongs to an account, so it cannot be used to learn who is registered."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log
from edu_platform.ratelimit import rate_limit_hit

from ..errors import AccountError
from ..models import Enterprise, StaffInvitation, User
from ..selectors import (
    ENTERPRISE_ADMIN_GROUP,
    staff_invitation_cutoff,
    staff_invitation_is_addressed_to,
    user_is_enterprise_admin,
)
from ..signals import staff_invitation_accepted
from ..sms import sms_queue
from ..validators import normalize_id_number, normalize_mobile, validate_id_number, validate_mobile

Status = StaffInvitation.Status


def _expire_lapsed(queryset) -> None:
    """Mark lapsed pending invitations as expired (audited), so their phone can be invited again."""
    now = timezone.now()
    for invitation in queryset.filter(status=Status.PENDING, created_at__lt=staff_invitation_cutoff()):
        invitation.status, invitation.decided_at = Status.EXPIRED, now
        invitation.save(update_fields=["status", "decided_at"])
        audit_log("accounts.staff_invitation.expired", target=invitation)


@transaction.atomic
def staff_invitation_create(
    *, enterprise: Enterprise, actor: User, real_name: str, phone: str, id_number: str = ""
) -> StaffInvitation:
    """Invite a person, named by real name, mobile and (optionally) ID number, to join ``enterprise``'s staff.

    The person is told by SMS and joins only by accepting in their account. Whether an account
    exists for the number is never part of the answer.
    """
    if not user_is_enterprise_admin(actor, enterprise):
        raise AccountError(_("只有本企业的企业安全管理员可以邀请员工。"))
    limit = getattr(settings, "ACCOUNTS_STAFF_INVITES_PER_HOUR", 60)
    if rate_limit_hit("accounts.staff_invite", str(actor.pk), limit=limit, period_seconds=3600):
        raise AccountError(_("发出邀请的次数过多，请一小时后再试。"))
    real_name = (real_name or "").strip()
    phone = normalize_mobile(phone or "")
    id_number = normalize_id_number(id_number or "")
    errors: dict[str, list[str]] = {}
    if not real_name:
        errors["real_name"] = [_("请填写员工的真实姓名。")]
    elif len(real_name) > 50:
        errors["real_name"] = [_("姓名不能超过50个字。")]
    try:
        validate_mobile(phone)
    except ValidationError as exc:
        errors["phone"] = list(exc.messages)
    if id_number:
        try:
            validate_id_number(id_number)
        except ValidationError as exc:
            errors["id_number"] = list(exc.messages)
    if errors:
        raise AccountError(errors=errors)

    # One invitation at a time per enterprise: the pending-per-phone check below cannot race.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _expire_lapsed(StaffInvitation.objects.filter(enterprise=enterprise, phone=phone))
    if StaffInvitation.objects.filter(enterprise=enterprise, phone=phone, status=Status.PENDING).exists():
        raise AccountError(
            _("已向该手机号码发出邀请，正在等待对方确认；如信息有误，请先撤回原邀请再重新邀请。"), field="phone"
        )
    # Only people already on this list are told apart: the admin sees their numbers anyway.
    if User.objects.filter(enterprise=enterprise, phone=phone).exists():
        raise AccountError(_("使用该手机号码的员工已在本企业员工名单中。"), field="phone")
    try:
        with transaction.atomic():
            invitation = StaffInvitation.objects.create(
                enterprise=enterprise, invited_by=actor, real_name=real_name, phone=phone, id_number=id_number
            )
    except IntegrityError as exc:
        raise AccountError(_("已向该手机号码发出邀请，正在等待对方确认。"), field="phone") from exc
    audit_log(
        "accounts.staff_invitation.created",
        target=invitation,
        actor=actor,
        data={"enterprise_id": enterprise.pk},
    )
    sms_queue(
        phone,
        _(
            "【云梦应急】%(enterprise)s邀请您加入其员工名单。请登录云梦应急宣教与考培平台，"
            "在“个人资料”中接受或拒绝；%(days)d天内有效。如不认识该单位，请忽略本短信。"
        )
        % {"enterprise": enterprise.name, "days": getattr(settings, "ACCOUNTS_STAFF_INVITATION_DAYS", 30)},
    )
    return invitation


def _locked_for_person(invitation: StaffInvitation, user: User) -> tuple[StaffInvitation, User]:
    invitation = StaffInvitation.objects.select_for_update().select_related("enterprise").get(pk=invitation.pk)
    user = User.objects.select_for_update().get(pk=user.pk)
    if invitation.user_id != user.pk and not staff_invitation_is_addressed_to(invitation, user):
        # Same answer as for an id that does not exist: nobody learns what others were sent.
        raise AccountError(_("没有找到这份邀请，它可能不是发给您的。"))
    return invitation, user


def _refuse_unless_pending(invitation: StaffInvitation) -> None:
    if invitation.status == Status.PENDING and invitation.created_at < staff_invitation_cutoff():
        _expire_lapsed(StaffInvitation.objects.filter(pk=invitation.pk))
        invitation.refresh_from_db()
    messages = {
        Status.ACCEPTED: _("这份邀请已经接受过了。"),
        Status.DECLINED: _("这份邀请已被拒绝；如需加入，请联系该企业重新邀请。"),
        Status.REVOKED: _("企业已撤回这份邀请。"),
        Status.EXPIRED: _("这份邀请已过期；如需加入，请联系该企业重新邀请。"),
    }
    if invitation.status != Status.PENDING:
        raise AccountError(messages[invitation.status])


@transaction.atomic
def staff_invitation_accept(*, invitation: StaffInvitation, user: User) -> StaffInvitation:
    """The invited person accepts: their profile names the enterprise as employer from now on.

    Accepting twice (a double click) changes nothing the second time. Sends
    ``accounts.signals.staff_invitation_accepted`` inside the transaction.
    """
    invitation, user = _locked_for_person(invitation, user)
    if invitation.status == Status.ACCEPTED and invitation.user_id == user.pk:
        return invitation
    _refuse_unless_pending(invitation)
    if user.enterprise_id != invitation.enterprise_id and user.groups.filter(name=ENTERPRISE_ADMIN_GROUP).exists():
        raise AccountError(_("企业安全管理员不能自行更改工作单位；如需调整，请联系云梦县应急管理局。"))
    previous_enterprise_id = user.enterprise_id
    user.enterprise = invitation.enterprise
    user.save(update_fields=["enterprise"])
    invitation.status, invitation.user, invitation.decided_at = Status.ACCEPTED, user, timezone.now()
    invitation.save(update_fields=["status", "user", "decided_at"])
    audit_log(
        "accounts.staff_invitation.accepted",
        target=invitation,
        actor=user,
        data={"enterprise_id": invitation.enterprise_id, "previous_enterprise_id": previous_enterprise_id},
    )
    staff_invitation_accepted.send(sender=StaffInvitation, invitation=invitation, user=user)
    return invitation


@transaction.atomic
def staff_invitation_decline(*, invitation: StaffInvitation, user: User) -> StaffInvitation:
    """The invited person declines; the enterprise may invite them again later."""
    invitation, user = _locked_for_person(invitation, user)
    if invitation.status == Status.DECLINED and invitation.user_id == user.pk:
        return invitation
    _refuse_unless_pending(invitation)
    invitation.status, invitation.user, invitation.decided_at = Status.DECLINED, user, timezone.now()
    invitation.save(update_fields=["status", "user", "decided_at"])
    audit_log("accounts.staff_invitation.declined", target=invitation, actor=user)
    return invitation


@transaction.atomic
def staff_invitation_revoke(*, invitation: StaffInvitation, actor: User) -> StaffInvitation:
    """The enterprise's safety admin withdraws a pending invitation."""
    invitation = StaffInvitation.objects.select_for_update().select_related("enterprise").get(pk=invitation.pk)
    if not user_is_enterprise_admin(actor, invitation.enterprise):
        raise AccountError(_("只有本企业的企业安全管理员可以撤回邀请。"))
    if invitation.status == Status.REVOKED:
        return invitation
    _refuse_unless_pending(invitation)
    invitation.status, invitation.decided_at = Status.REVOKED, timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    audit_log("accounts.staff_invitation.revoked", target=invitation, actor=actor)
    return invitation
