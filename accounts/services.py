"""Every change a person or staff member makes to accounts and enterprises goes through here."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log
from edu_platform.ratelimit import rate_limit_hit

from .models import Enterprise, Industry, PersonCategory, Town, User
from .validators import normalize_credit_code, normalize_id_number, normalize_mobile

ENTERPRISE_ADMIN_GROUP = "企业安全管理员"


class AccountError(Exception):
    """A change refused for a reason the person can fix; ``errors`` maps field names to Chinese messages."""

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


def _raise_from_validation(exc: ValidationError) -> None:
    errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    first = next(iter(errors.values()))[0] if errors else str(exc)
    raise AccountError(first, errors=errors) from exc


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    real_name: str,
    id_number: str,
    phone: str | None,
    person_category: str,
    enterprise: Enterprise | None,
) -> User:
    """Save a person's own profile: all fields valid and unique, or nothing changes."""
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
    errors: dict[str, list[str]] = {}
    try:
        # Uniqueness is checked below with messages that say what to do.
        user.full_clean(exclude=["password", "username", "email"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update({f: [str(m) for m in ms] for f, ms in exc.message_dict.items()})
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
        raise AccountError(next(iter(errors.values()))[0], errors=errors)
    try:
        with transaction.atomic():
            user.save(
                update_fields=["real_name", "id_number", "phone", "phone_verified", "person_category", "enterprise"]
            )
    except IntegrityError as exc:  # a concurrent request took the phone or ID number
        raise AccountError(_("手机号码或身份证号码刚被其他账户使用，请核对后重试。")) from exc
    audit_log("accounts.profile.updated", target=user, actor=user)
    return user


def _enterprise_clean(enterprise: Enterprise) -> None:
    try:
        enterprise.full_clean()
    except ValidationError as exc:
        errors = {f: [str(m) for m in ms] for f, ms in exc.message_dict.items()}
        if (
            "credit_code" in errors
            and Enterprise.objects.filter(credit_code=enterprise.credit_code).exclude(pk=enterprise.pk).exists()
        ):
            errors["credit_code"] = [_("已有企业使用该统一社会信用代码，请勿重复登记。")]
        raise AccountError(next(iter(errors.values()))[0], errors=errors) from exc


@transaction.atomic
def enterprise_create(
    *,
    name: str,
    credit_code: str,
    industry: str = Industry.OTHER,
    town: Town,
    address: str = "",
    actor: User | None = None,
) -> Enterprise:
    """Register an enterprise (生产经营单位) with a valid, unique 统一社会信用代码."""
    enterprise = Enterprise(
        name=(name or "").strip(),
        credit_code=normalize_credit_code(credit_code),
        industry=industry,
        town=town,
        address=(address or "").strip(),
    )
    _enterprise_clean(enterprise)
    enterprise.save()
    audit_log("accounts.enterprise.created", target=enterprise, actor=actor)
    return enterprise


@transaction.atomic
def enterprise_update(
    *,
    enterprise: Enterprise,
    name: str,
    credit_code: str,
    industry: str,
    town: Town,
    address: str = "",
    actor: User | None = None,
) -> Enterprise:
    """Change an enterprise's registration details; all valid or nothing saved."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    enterprise.name = (name or "").strip()
    enterprise.credit_code = normalize_credit_code(credit_code)
    enterprise.industry = industry
    enterprise.town = town
    enterprise.address = (address or "").strip()
    _enterprise_clean(enterprise)
    enterprise.save()
    audit_log("accounts.enterprise.updated", target=enterprise, actor=actor)
    return enterprise


def user_find_by_login(login: str) -> User | None:
    """The account whose e-mail or mobile number is ``login`` (case-insensitive e-mail)."""
    login = (login or "").strip()
    if not login:
        return None
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    return User.objects.filter(phone=normalize_mobile(login)).first()


@transaction.atomic
def enterprise_staff_add(*, enterprise: Enterprise, login: str, actor: User) -> User:
    """An enterprise's 企业安全管理员 adds an existing account, found by e-mail or mobile, to its staff."""
    if not user_is_enterprise_admin(actor, enterprise):
        raise AccountError(_("只有本企业的企业安全管理员可以添加员工。"))
    # Each lookup tells whether a number or address has an account; cap how fast anyone can ask.
    limit = getattr(settings, "ACCOUNTS_STAFF_ADD_PER_HOUR", 60)
    if rate_limit_hit("accounts.staff_add", str(actor.pk), limit=limit, period_seconds=3600):
        raise AccountError(_("添加员工的次数过多，请一小时后再试。"))
    found = user_find_by_login(login)
    if found is None:
        raise AccountError(
            _("没有找到使用该手机号码或电子邮箱的账户。请让员工先注册，再输入其注册时的手机号码或邮箱。"),
            errors={"login": [_("没有找到使用该手机号码或电子邮箱的账户。")]},
        )
    user = User.objects.select_for_update().get(pk=found.pk)
    if user.enterprise_id == enterprise.pk:
        raise AccountError(_("该人员已在本企业员工名单中。"), errors={"login": [_("该人员已在本企业员工名单中。")]})
    if user.enterprise_id is not None:
        message = _("该人员登记的工作单位是其他企业；请其本人在个人资料中更改工作单位。")
        raise AccountError(message, errors={"login": [message]})
    user.enterprise = enterprise
    user.save(update_fields=["enterprise"])
    audit_log("accounts.enterprise.staff_added", target=enterprise, actor=actor, data={"user_id": user.pk})
    return user


def user_is_enterprise_admin(user: User, enterprise: Enterprise | None = None) -> bool:
    """A member of 企业安全管理员 acts for the enterprise their own profile names."""
    if not user.is_authenticated or user.enterprise_id is None:
        return False
    if enterprise is not None and user.enterprise_id != enterprise.pk:
        return False
    return user.groups.filter(name=ENTERPRISE_ADMIN_GROUP).exists()


@transaction.atomic
def town_save(*, town: Town | None, name: str, code: str, sort_order: int = 0, actor: User | None = None) -> Town:
    """Add a 乡镇/开发区 (``town=None``) or rename/reorder one."""
    town = Town() if town is None else Town.objects.select_for_update().get(pk=town.pk)
    town.name, town.code, town.sort_order = (name or "").strip(), (code or "").strip(), sort_order or 0
    try:
        town.full_clean()
    except ValidationError as exc:
        _raise_from_validation(exc)
    town.save()
    audit_log("accounts.town.saved", target=town, actor=actor)
    return town
