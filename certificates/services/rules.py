"""Certificate rules are add-only once in force: a later row supersedes, nothing is edited in place.

The policy is the site-wide one of ``edu_platform.dated_rules``; this module adds the permission
checks and the model's own validation.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from edu_platform.dated_rules import RULE_WORDING, rule_add, rule_correct, rule_withdraw
from edu_platform.errors import problems_from_validation_error

from ..errors import CertificateError
from ..models import CertificateRule
from .common import require_perm


def _clean(rule: CertificateRule) -> None:
    try:
        rule.full_clean()
    except ValidationError as exc:
        raise CertificateError(problems=problems_from_validation_error(exc)) from None


def _audit_data(rule: CertificateRule) -> dict:
    return {"effective_from": str(rule.effective_from)}


@transaction.atomic
def rule_create(*, actor, today: datetime.date | None = None, **fields) -> CertificateRule:
    """Add a rule row effective today or later (it supersedes the row in force from its date)."""
    require_perm(actor, "certificates.add_certificaterule")
    return rule_add(
        CertificateRule(**fields),
        error=CertificateError,
        actor=actor,
        action="certificates.rule.created",
        audit_data=_audit_data,
        check=_clean,
        wording=RULE_WORDING,
        today=today,
    )


@transaction.atomic
def rule_update(*, rule_id: int, actor, today: datetime.date | None = None, **fields) -> CertificateRule:
    """Correct a rule that is not in force yet; a rule whose date has come is refused (add a new row)."""
    require_perm(actor, "certificates.change_certificaterule")
    return rule_correct(
        CertificateRule(pk=rule_id),
        values=fields,
        error=CertificateError,
        actor=actor,
        action="certificates.rule.updated",
        audit_data=_audit_data,
        check=_clean,
        wording=RULE_WORDING,
        today=today,
    )


@transaction.atomic
def rule_delete(*, rule_id: int, actor, today: datetime.date | None = None) -> None:
    """Withdraw a rule that is not in force yet; a rule whose date has come is refused."""
    require_perm(actor, "certificates.delete_certificaterule")
    rule_withdraw(
        CertificateRule(pk=rule_id),
        error=CertificateError,
        actor=actor,
        action="certificates.rule.deleted",
        audit_data=_audit_data,
        wording=RULE_WORDING,
        today=today,
    )
