"""Training-hours rules: add-only once in force (a later row supersedes; the past is never rewritten)."""

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from edu_platform.audit import audit_log
from edu_platform.errors import Problem

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
    recertification_hours: int
    recertification_window_months: int
    basis: str = ""


def hours_rule_in_force(rule: TrainingHoursRule, *, today: datetime.date | None = None) -> bool:
    """A rule is in force (and so frozen) from its effective date on."""
    return rule.effective_from <= (today or timezone.localdate())


def _check(rule: TrainingHoursRule, *, today: datetime.date) -> None:
    if rule.effective_from < today:
        raise CourseError(
            _("生效日期不能早于今天（%(today)s）：已生效的标准不能改写，请新增一条今天或以后生效的标准。")
            % {"today": f"{today:%Y-%m-%d}"},
            field="effective_from",
        )
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
        problems = [
            Problem(str(message), field=None if name == "__all__" else name)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
        raise CourseError(problems=problems) from None


@transaction.atomic
def training_hours_rule_create(*, actor: User | None, data: HoursRuleData) -> TrainingHoursRule:
    """Add a rule taking effect today or later; it supersedes earlier rows from its date."""
    rule = TrainingHoursRule(**asdict(data))
    _check(rule, today=timezone.localdate())
    rule.save()
    audit_log("courses.hours_rule.created", target=rule, actor=actor, data=_audit_data(rule))
    return rule


@transaction.atomic
def training_hours_rule_update(
    *, actor: User | None, rule: TrainingHoursRule, data: HoursRuleData
) -> TrainingHoursRule:
    """Change a rule that is not yet in force; a rule in force is refused (add a later one instead)."""
    today = timezone.localdate()
    # Lock and re-read: the stored date decides, not what a stale form says.
    stored = TrainingHoursRule.objects.select_for_update().get(pk=rule.pk)
    if hours_rule_in_force(stored, today=today):
        raise CourseError(_in_force_message(stored))
    for name, value in asdict(data).items():
        setattr(stored, name, value)
    _check(stored, today=today)
    stored.save()
    audit_log("courses.hours_rule.updated", target=stored, actor=actor, data=_audit_data(stored))
    return stored


@transaction.atomic
def training_hours_rule_delete(*, actor: User | None, rule: TrainingHoursRule) -> None:
    """Withdraw a rule that is not yet in force; a rule in force stays (it decided past requirements)."""
    stored = TrainingHoursRule.objects.select_for_update().get(pk=rule.pk)
    if hours_rule_in_force(stored):
        raise CourseError(_in_force_message(stored))
    audit_log("courses.hours_rule.deleted", target=stored, actor=actor, data=_audit_data(stored))
    stored.delete()


def _in_force_message(rule: TrainingHoursRule) -> str:
    return _("该标准已于 %(date)s 生效，不能修改或删除；如标准有变，请新增一条以后生效的标准。") % {
        "date": f"{rule.effective_from:%Y-%m-%d}"
    }


def _audit_data(rule: TrainingHoursRule) -> dict:
    return {
        "person_category": rule.person_category,
        "industry": rule.industry,
        "effective_from": f"{rule.effective_from:%Y-%m-%d}",
        "initial_hours": rule.initial_hours,
        "annual_hours": rule.annual_hours,
        "recertification_hours": rule.recertification_hours,
    }
