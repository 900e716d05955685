"""Exam rules (考试规则): add-only once in force.

A rule whose ``effective_from`` is today or earlier has governed attempts and results; changing it
would rewrite history, so it is never edited or deleted — a later row supersedes it. A rule still
in the future may be corrected or withdrawn. One general rule (no subject) per date is also a
database constraint.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import ExamError, Problem
from ..models import ExamRule, ExamSubject

RULE_FIELDS = (
    "full_marks",
    "pass_mark",
    "practical_pass_mark",
    "duration_minutes",
    "resits_allowed",
    "pass_valid_months",
    "basis",
)


def exam_rule_in_force_message() -> str:
    return _("已生效的考试规则不能修改，请新增一条生效日期更晚的规则")


def exam_rule_is_locked(rule: ExamRule, *, today: datetime.date | None = None) -> bool:
    """Whether ``rule`` is in force (or was): then it may not be edited or deleted."""
    today = today or timezone.localdate()
    return rule.pk is not None and rule.effective_from <= today


def _values_check(
    *, subject: ExamSubject | None, effective_from: datetime.date, values: dict, exclude_pk: int | None = None
) -> None:
    problems: list[Problem] = []
    full, mark = values.get("full_marks", 100), values.get("pass_mark", 80)
    if full <= 0:
        problems.append(Problem(_("满分必须大于 0。"), field="full_marks"))
    if mark > full:
        problems.append(
            Problem(_("合格分数 %(mark)s 不能超过满分 %(full)s。") % {"mark": mark, "full": full}, field="pass_mark")
        )
    if values.get("practical_pass_mark", 80) > 100:
        problems.append(Problem(_("实操合格分数按百分制，不能超过 100。"), field="practical_pass_mark"))
    if values.get("duration_minutes", 120) <= 0:
        problems.append(Problem(_("考试时长必须大于 0 分钟。"), field="duration_minutes"))
    clash = ExamRule.objects.filter(subject=subject, effective_from=effective_from)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        problems.append(
            Problem(
                _("%(who)s在 %(date)s 已有一条考试规则，请换一个生效日期。")
                % {"who": subject.name if subject else _("通用规则"), "date": f"{effective_from:%Y-%m-%d}"},
                field="effective_from",
            )
        )
    if problems:
        raise ExamError(problems=problems)


@transaction.atomic
def exam_rule_create(
    *,
    subject: ExamSubject | None,
    effective_from: datetime.date,
    full_marks: int = 100,
    pass_mark: int = 80,
    practical_pass_mark: int = 80,
    duration_minutes: int = 120,
    resits_allowed: int = 1,
    pass_valid_months: int = 12,
    basis: str = "",
    actor=None,
) -> ExamRule:
    """Add an exam rule in force from ``effective_from`` (a later date supersedes earlier rules).

    Refused with ``ExamError`` (field-tagged problems) when the pass mark exceeds full marks or the
    subject (or, with no subject, the general rules) already has a rule on that date.
    """
    values = {
        "full_marks": full_marks,
        "pass_mark": pass_mark,
        "practical_pass_mark": practical_pass_mark,
        "duration_minutes": duration_minutes,
        "resits_allowed": resits_allowed,
        "pass_valid_months": pass_valid_months,
        "basis": basis,
    }
    _values_check(subject=subject, effective_from=effective_from, values=values)
    try:
        with transaction.atomic():
            rule = ExamRule.objects.create(subject=subject, effective_from=effective_from, **values)
    except IntegrityError as error:  # a concurrent add of the same date
        raise ExamError(_("该日期已有一条考试规则，请换一个生效日期。"), field="effective_from") from error
    audit_log(
        "exams.rule.created",
        target=rule,
        actor=actor,
        data={"subject": subject.code if subject else None, "effective_from": f"{effective_from:%Y-%m-%d}", **values},
    )
    return rule


@transaction.atomic
def exam_rule_update(*, rule: ExamRule, values: dict, actor=None, today: datetime.date | None = None) -> ExamRule:
    """Correct a rule that is not yet in force (``values``: subject, effective_from and the figures).

    A rule already in force is refused; so is moving a future rule to today or earlier, which would
    put an edited rule in force in the past's place.
    """
    today = today or timezone.localdate()
    rule = ExamRule.objects.select_for_update().get(pk=rule.pk)
    if exam_rule_is_locked(rule, today=today):
        raise ExamError(exam_rule_in_force_message())
    subject = values.get("subject", rule.subject)
    effective_from = values.get("effective_from", rule.effective_from)
    if effective_from <= today:
        raise ExamError(
            _("修改后的生效日期必须晚于今天（%(today)s）；要立即生效，请新增一条规则。")
            % {"today": f"{today:%Y-%m-%d}"},
            field="effective_from",
        )
    merged = {name: values.get(name, getattr(rule, name)) for name in RULE_FIELDS}
    _values_check(subject=subject, effective_from=effective_from, values=merged, exclude_pk=rule.pk)
    rule.subject = subject
    rule.effective_from = effective_from
    for name, value in merged.items():
        setattr(rule, name, value)
    rule.save()
    audit_log(
        "exams.rule.changed",
        target=rule,
        actor=actor,
        data={"effective_from": f"{effective_from:%Y-%m-%d}", **merged},
    )
    return rule


@transaction.atomic
def exam_rule_delete(*, rule: ExamRule, actor=None, today: datetime.date | None = None) -> None:
    """Withdraw a rule that is not yet in force; a rule in force is refused."""
    rule = ExamRule.objects.select_for_update().get(pk=rule.pk)
    if exam_rule_is_locked(rule, today=today):
        raise ExamError(exam_rule_in_force_message())
    audit_log(
        "exams.rule.deleted",
        target=rule,
        actor=actor,
        data={
            "subject": rule.subject.code if rule.subject else None,
            "effective_from": f"{rule.effective_from:%Y-%m-%d}",
        },
    )
    rule.delete()


__all__ = [
    "RULE_FIELDS",
    "exam_rule_create",
    "exam_rule_delete",
    "exam_rule_in_force_message",
    "exam_rule_is_locked",
    "exam_rule_update",
]
