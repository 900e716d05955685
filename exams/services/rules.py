"""Exam rules (考试规则): add-only once in force.

A rule whose ``effective_from`` is today or earlier has governed attempts and results; changing it
would rewrite history, so it is never edited or deleted — a later row supersedes it. A rule still
in the future may be corrected or withdrawn (the site-wide policy of ``edu_platform.dated_rules``,
in this table's wording). One general rule (no subject) per date is also a database constraint.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edu_platform.dated_rules import RuleMessages, rule_add, rule_correct, rule_withdraw

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

# The exam table's own wording of the shared policy (edu_platform.dated_rules): a correction must
# move the date after today, not merely to today, so the past-start message says so.
WORDING = RuleMessages(
    in_force=gettext_lazy("已生效的考试规则不能修改，请新增一条生效日期更晚的规则"),
    past_start=gettext_lazy("修改后的生效日期必须晚于今天（%(today)s）；要立即生效，请新增一条规则。"),
    duplicate=gettext_lazy("该日期已有一条考试规则，请换一个生效日期。"),
)


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


def _check(rule: ExamRule) -> None:
    _values_check(
        subject=rule.subject,
        effective_from=rule.effective_from,
        values={name: getattr(rule, name) for name in RULE_FIELDS},
        exclude_pk=rule.pk,
    )


def _audit_data(rule: ExamRule) -> dict:
    return {"effective_from": f"{rule.effective_from:%Y-%m-%d}", **{name: getattr(rule, name) for name in RULE_FIELDS}}


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
    rule = ExamRule(
        subject=subject,
        effective_from=effective_from,
        full_marks=full_marks,
        pass_mark=pass_mark,
        practical_pass_mark=practical_pass_mark,
        duration_minutes=duration_minutes,
        resits_allowed=resits_allowed,
        pass_valid_months=pass_valid_months,
        basis=basis,
    )
    # allow_past: seeding and the results of past sessions need the rules that governed them; the
    # add-only guarantee here is that nothing already stored is rewritten.
    return rule_add(
        rule,
        error=ExamError,
        actor=actor,
        action="exams.rule.created",
        audit_data=lambda rule: {"subject": rule.subject.code if rule.subject else None, **_audit_data(rule)},
        check=_check,
        wording=WORDING,
        allow_past=True,
    )


@transaction.atomic
def exam_rule_update(*, rule: ExamRule, values: dict, actor=None, today: datetime.date | None = None) -> ExamRule:
    """Correct a rule that is not yet in force (``values``: subject, effective_from and the figures).

    A rule already in force is refused; so is moving a future rule to today or earlier, which would
    put an edited rule in force in the past's place.
    """
    editable = ("subject", "effective_from", *RULE_FIELDS)
    return rule_correct(
        rule,
        values={name: values[name] for name in editable if name in values},
        error=ExamError,
        actor=actor,
        action="exams.rule.changed",
        audit_data=_audit_data,
        check=_check,
        wording=WORDING,
        today=today,
        strictly_later=True,
    )


@transaction.atomic
def exam_rule_delete(*, rule: ExamRule, actor=None, today: datetime.date | None = None) -> None:
    """Withdraw a rule that is not yet in force; a rule in force is refused."""
    rule_withdraw(
        rule,
        error=ExamError,
        actor=actor,
        action="exams.rule.deleted",
        audit_data=lambda rule: {
            "subject": rule.subject.code if rule.subject else None,
            "effective_from": f"{rule.effective_from:%Y-%m-%d}",
        },
        wording=WORDING,
        today=today,
    )


__all__ = [
    "RULE_FIELDS",
    "WORDING",
    "exam_rule_create",
    "exam_rule_delete",
    "exam_rule_update",
]
