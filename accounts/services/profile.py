"""A person's own profile."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import AccountError
from ..models import Enterprise, PersonCategory, SafetyRole, User
from ..selectors import ENTERPRISE_ADMIN_GROUP
from ..validators import normalize_id_number, normalize_mobile


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    real_name: str,
    id_number: str,
    phone: str | None,
    person_category: str,
    enterprise: Enterprise | None,
    safety_role: str | None = None,
) -> User:
    """Save a person's own profile: all fields valid and unique, or nothing changes.

    ``safety_role`` (三类人员) left ``None`` keeps the stored one; ``""`` clears it.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    previous_enterprise_id = user.enterprise_id
    phone = normalize_mobile(phone or "") or None
    if phone != user.phone:
        # A new number has not been verified by the person yet.
        user.phone_verified = False
    user.real_name = (real_name or "").strip()
    user.id_number = normalize_id_number(id_number)
    user.phone = phone
    user.person_category = person_category or PersonCategory.OTHER
    user.enterprise = enterprise
    if safety_role is not None:
        user.safety_role = safety_role
    errors: dict[str, list[str]] = {}
    if user.safety_role and user.safety_role not in SafetyRole.values:
        errors["safety_role"] = [_("请从列表中选择三类人员类别，或留空。")]
    try:
        # Uniqueness is checked below with messages that say what to do.
        user.full_clean(exclude=["password", "username", "email"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, [str(m) for m in messages])
    if user.phone and "phone" not in errors and User.objects.filter(phone=user.phone).exclude(pk=user.pk).exists():
        errors["phone"] = [_("该手机号码已被其他账户使用；如是您本人的号码，请用该号码登录后修改。")]
    if (
        user.id_number
        and "id_number" not in errors
        and User.objects.filter(id_number=user.id_number).exclude(pk=user.pk).exists()
    ):
        errors["id_number"] = [_("该居民身份证号码已被其他账户登记；如有疑问请联系云梦县应急管理局。")]
    if user.enterprise_id != previous_enterprise_id and user.groups.filter(name=ENTERPRISE_ADMIN_GROUP).exists():
        # An enterprise's safety admin acts for the enterprise their profile names: moving it
        # themselves would hand them another company's staff list and enrolments.
        errors["enterprise"] = [_("企业安全管理员不能自行更改工作单位；如需调整，请联系云梦县应急管理局。")]
    if errors:
        raise AccountError(errors=errors)
    try:
        with transaction.atomic():
            user.save(
                update_fields=[
                    "real_name",
                    "id_number",
                    "phone",
                    "phone_verified",
                    "person_category",
                    "safety_role",
                    "enterprise",
                ]
            )
    except IntegrityError as exc:  # a concurrent request took the phone or ID number
        raise AccountError(_("手机号码或身份证号码刚被其他账户使用，请核对后重试。")) from exc
    audit_log("accounts.profile.updated", target=user, actor=user)
    return user
