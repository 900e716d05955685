"""Certificate rules are add-only once in force: a later row supersedes, nothing is edited in place."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import CertificateError
from ..models import CertificateRule
from .common import require_perm


def _clean(rule: CertificateRule) -> None:
    try:
        rule.full_clean()
    except ValidationError as exc:
        problems = [
            (field if field != "__all__" else None, message)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
        from edu_platform.errors import Problem

        raise CertificateError(problems=[Problem(message, field=field) for field, message in problems]) from None


def _not_in_the_past(effective_from: datetime.date, today: datetime.date) -> None:
    if effective_from < today:
        raise CertificateError(
            _("生效日期不能早于今天（%(today)s）：已经过去的日子按当时的规则办理，请填写今天或以后的日期。")
            % {"today": f"{today:%Y-%m-%d}"},
            field="effective_from",
        )


@transaction.atomic
def rule_create(*, actor, today: datetime.date | None = None, **fields) -> CertificateRule:
    """Add a rule row effective today or later (it supersedes the row in force from its date)."""
    require_perm(actor, "certificates.add_certificaterule")
    today = today or timezone.localdate()
    _not_in_the_past(fields["effective_from"], today)
    rule = CertificateRule(**fields)
    _clean(rule)
    rule.save()
    audit_log("certificates.rule.created", target=rule, actor=actor, data={"effective_from": str(rule.effective_from)})
    return rule


@transaction.atomic
def rule_update(*, rule_id: int, actor, today: datetime.date | None = None, **fields) -> CertificateRule:
    """Correct a rule that is not in force yet; a rule whose date has come is refused (add a new row)."""
    require_perm(actor, "certificates.change_certificaterule")
    today = today or timezone.localdate()
    rule = CertificateRule.objects.select_for_update().get(pk=rule_id)
    if rule.effective_from <= today:
        raise CertificateError(
            _("该规则自 %(day)s 起已生效，不能修改；请新增一条以后生效的规则来替代它。")
            % {"day": f"{rule.effective_from:%Y-%m-%d}"}
        )
    _not_in_the_past(fields["effective_from"], today)
    for name, value in fields.items():
        setattr(rule, name, value)
    _clean(rule)
    rule.save()
    audit_log("certificates.rule.updated", target=rule, actor=actor, data={"effective_from": str(rule.effective_from)})
    return rule
