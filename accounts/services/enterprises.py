"""Enterprises (生产经营单位) and towns, kept by bureau staff in the Wagtail admin."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import AccountError
from ..models import Enterprise, Industry, Town, User
from ..validators import normalize_credit_code


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
        raise AccountError(errors=errors) from exc


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


@transaction.atomic
def town_save(*, town: Town | None, name: str, code: str, sort_order: int = 0, actor: User | None = None) -> Town:
    """Add a 乡镇/开发区 (``town=None``) or rename/reorder one."""
    town = Town() if town is None else Town.objects.select_for_update().get(pk=town.pk)
    town.name, town.code, town.sort_order = (name or "").strip(), (code or "").strip(), sort_order or 0
    try:
        town.full_clean()
    except ValidationError as exc:
        raise AccountError(errors={f: [str(m) for m in ms] for f, ms in exc.message_dict.items()}) from exc
    town.save()
    audit_log("accounts.town.saved", target=town, actor=actor)
    return town
