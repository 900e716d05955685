"""Training-hours rules: add-only once in force (a later row supersedes; the past is never rewritten).

The policy is the site-wide one of ``edu_platform.dated_rules``; this module adds the table's own
checks (one row per category, industry and date; the model's constraints) and its 标准 wording.
"""

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from edu_platform.dated_rules import STANDARD_WORDING, rule_add, rule_correct, rule_withdraw
from edu_platform.errors import problems_from_validation_error

from ..errors import CourseError
from ..models import TrainingHoursRule


@dataclass(frozen=True)
class HoursRuleData:
    """The values of a rule row as a form gives them."""

    person_category: str
    industry: str
    effective_from: datetime.date
    initial_hours: int
    initial_window_months: int
    annual_hours: int
    annual_window_months: int
    basis: str = ""


def _check(rule: TrainingHoursRule) -> None:
    duplicate = TrainingHoursRule.objects.filter(
        person_category=rule.person_category, industry=rule.industry, effective_from=rule.effective_from
    ).exclude(pk=rule.pk)
    if duplicate.exists():
        raise CourseError(
            _("该人员类别和行业在 %(date)s 已有一条标准，请修改那一条或换一个生效日期。")
            % {"date": f"{rule.effective_from:%Y-%m-%d}"},
            field="effective_from",
        )
    try:
        rule.full_clean(validate_unique=False, validate_constraints=True)
    except ValidationError as error:
        raise CourseError(problems=problems_from_validation_error(error)) from None


@transaction.atomic
def training_hours_rule_create(*, actor: User | None, data: HoursRuleData) -> TrainingHoursRule:
    """Add a rule taking effect today or later; it supersedes earlier rows from its date."""
    return rule_add(
        TrainingHoursRule(**asdict(data)),
        error=CourseError,
        actor=actor,
        action="courses.hours_rule.created",
        audit_data=_audit_data,
        check=_check,
        wording=STANDARD_WORDING,
    )


@transaction.atomic
def training_hours_rule_update(
    *, actor: User | None, rule: TrainingHoursRule, data: HoursRuleData
) -> TrainingHoursRule:
    """Change a rule that is not yet in force; a rule in force is refused (add a later one instead)."""
    return rule_correct(
        rule,
        values=asdict(data),
        error=CourseError,
        actor=actor,
        action="courses.hours_rule.updated",
        audit_data=_audit_data,
        check=_check,
        wording=STANDARD_WORDING,
    )


@transaction.atomic
def training_hours_rule_delete(*, actor: User | None, rule: TrainingHoursRule) -> None:
    """Withdraw a rule that is not yet in force; a rule in force stays (it decided past requirements)."""
    rule_withdraw(
        rule,
        error=CourseError,
        actor=actor,
        action="courses.hours_rule.deleted",
        audit_data=_audit_data,
        wording=STANDARD_WORDING,
    )


def _audit_data(rule: TrainingHoursRule) -> dict:
    return {
        "person_category": rule.person_category,
        "industry": rule.industry,
        "effective_from": f"{rule.effective_from:%Y-%m-%d}",
        "initial_hours": rule.initial_hours,
        "annual_hours": rule.annual_hours,
    }
