"""Blueprints (组卷规则): saving them, and checking the subject's banks can fill them."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import ExamError, Problem
from ..models import Blueprint, BlueprintRule, Chapter, ExamRule, ExamSubject, Question, QuestionType
from ..selectors import exam_rule_for


@dataclass(frozen=True)
class RuleData:
    question_type: str
    count: int
    points: Decimal = Decimal("1")
    chapter: Chapter | None = None


def rule_queryset(*, subject: ExamSubject, question_type: str, chapter: Chapter | None):
    """Active questions of ``subject``'s banks that a rule may draw from (chapter incl. sub-chapters)."""
    qs = Question.objects.filter(bank__subjects=subject, bank__is_active=True, is_active=True, type=question_type)
    if chapter is not None:
        qs = qs.filter(Q(chapter=chapter) | Q(chapter__bank=chapter.bank, chapter__path__startswith=chapter.path + "/"))
    return qs


def blueprint_total_problem(
    rules: Iterable[BlueprintRule | RuleData], exam_rule: ExamRule, *, on: datetime.date
) -> Problem | None:
    """The blueprint's lines must add up to the full marks of the exam rule in force: the rule
    gives the pass mark, so a paper worth less (28 points, pass 80) could never be passed."""
    total = blueprint_max_score(rules)
    if total == exam_rule.full_marks:
        return None
    return Problem(
        _(
            "各行合计 %(total)s 分，与 %(date)s 生效的考试规则满分 %(full)s 分不一致；"
            "请调整题数或每题分值，使合计等于 %(full)s 分。"
        )
        % {"total": format(total.normalize(), "f"), "full": exam_rule.full_marks, "date": f"{on:%Y-%m-%d}"},
        field="rules",
    )


def blueprint_check(
    blueprint: Blueprint, rules: Iterable[BlueprintRule | RuleData] | None = None, *, on: datetime.date | None = None
) -> list[Problem]:
    """Problems (Chinese, with the line number as ``row``) that keep ``blueprint`` from drawing a
    paper under the exam rule in force on ``on`` (default: its own effective date); empty when it can.

    Rules that share questions (e.g. 单选 from 法律法规 and 单选 from anywhere) are checked
    together: each rule needs its own count, and overlapping rules need their sum.
    """
    subject = blueprint.subject
    rules = list(rules if rules is not None else blueprint.rules.select_related("chapter"))
    problems: list[Problem] = []
    if not rules:
        return [Problem(_("组卷规则至少需要一行明细。"), field="rules")]
    on = on or blueprint.effective_from
    total_problem = blueprint_total_problem(rules, exam_rule_for(subject, on=on), on=on)
    if total_problem:
        problems.append(total_problem)
    if not subject.banks.exists():
        problems.append(
            Problem(_("考试科目“%(subject)s”还没有关联题库，请先在科目中选择题库。") % {"subject": subject.name})
        )
        return problems
    type_labels = dict(QuestionType.choices)
    needed_per_type: dict[str, int] = {}
    for line, rule in enumerate(rules, start=1):
        chapter = rule.chapter
        if chapter is not None and not subject.banks.filter(pk=chapter.bank_id).exists():
            problems.append(
                Problem(
                    _("第 %(line)s 行：章节“%(chapter)s”不属于本科目的题库。")
                    % {"line": line, "chapter": chapter.path},
                    field="chapter",
                    row=line,
                )
            )
            continue
        available = rule_queryset(subject=subject, question_type=rule.question_type, chapter=chapter).count()
        label = type_labels.get(rule.question_type, rule.question_type)
        where = _("章节“%(chapter)s”中") % {"chapter": chapter.path} if chapter else _("题库中")
        if available < rule.count:
            problems.append(
                Problem(
                    _("第 %(line)s 行：%(where)s符合条件的%(kind)s只有 %(available)s 道，需要 %(needed)s 道。")
                    % {"line": line, "where": where, "kind": label, "available": available, "needed": rule.count},
                    field="count",
                    row=line,
                )
            )
        needed_per_type[rule.question_type] = needed_per_type.get(rule.question_type, 0) + rule.count
    if not any(problem.row for problem in problems):
        for type_, needed in needed_per_type.items():
            available = rule_queryset(subject=subject, question_type=type_, chapter=None).count()
            if available < needed:
                problems.append(
                    Problem(
                        _("各行合计需要%(kind)s %(needed)s 道，题库中只有 %(available)s 道（同一道题不会重复出现）。")
                        % {"kind": type_labels[type_], "needed": needed, "available": available},
                        field="rules",
                    )
                )
    return problems


def blueprint_max_score(rules: Iterable[BlueprintRule | RuleData]) -> Decimal:
    return sum((Decimal(rule.count) * Decimal(rule.points) for rule in rules), Decimal(0))


def _effective_from_check(
    *, subject: ExamSubject, effective_from: datetime.date, exclude_pk: int | None = None
) -> None:
    """One blueprint per subject and effective date: refuse a date another blueprint already holds."""
    clash = Blueprint.objects.filter(subject=subject, effective_from=effective_from)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ExamError(
            _("该科目在 %(date)s 已有组卷规则，请换一个生效日期。") % {"date": f"{effective_from:%Y-%m-%d}"},
            field="effective_from",
        )


def _blueprint_write(*, blueprint: Blueprint, rules: list[RuleData]) -> None:
    """Save ``blueprint`` and replace its rules with ``rules`` (in order); nothing is written when the
    lines do not add up to the rule's full marks or the subject's banks cannot fill them."""
    problems = blueprint_check(blueprint, rules)
    if problems:
        raise ExamError(problems=problems)
    adding = blueprint.pk is None
    blueprint.save()
    if not adding:
        blueprint.rules.all().delete()
    BlueprintRule.objects.bulk_create(
        BlueprintRule(
            blueprint=blueprint,
            question_type=rule.question_type,
            chapter=rule.chapter,
            count=rule.count,
            points=rule.points,
            sort_order=index,
        )
        for index, rule in enumerate(rules)
    )


@transaction.atomic
def blueprint_create(
    *,
    subject: ExamSubject,
    name: str,
    rules: list[RuleData],
    effective_from: datetime.date,
    shuffle_options: bool = True,
    attempts_allowed: int = 0,
    is_active: bool = True,
    actor=None,
) -> Blueprint:
    """Save a blueprint with its rules; refused (nothing saved) when its lines do not add up to the
    full marks of the exam rule in force on ``effective_from`` or the banks cannot fill it."""
    _effective_from_check(subject=subject, effective_from=effective_from)
    blueprint = Blueprint(
        subject=subject,
        name=name,
        effective_from=effective_from,
        shuffle_options=shuffle_options,
        attempts_allowed=attempts_allowed,
        is_active=is_active,
    )
    _blueprint_write(blueprint=blueprint, rules=rules)
    audit_log("exams.blueprint.created", target=blueprint, actor=actor, data={"rules": len(rules)})
    return blueprint


@transaction.atomic
def blueprint_save(
    *, blueprint: Blueprint | None, subject: ExamSubject, values: dict, rules: list[RuleData], actor=None
) -> Blueprint:
    """Create or edit a blueprint and replace its rules; refused (nothing saved) when the subject's
    banks cannot fill it or its lines do not add up to the exam rule's full marks."""
    if not rules:
        raise ExamError(_("组卷规则至少需要一行明细。"), field="rules")
    if blueprint is None:
        return blueprint_create(subject=subject, rules=rules, actor=actor, **values)
    blueprint = Blueprint.objects.select_for_update().get(pk=blueprint.pk)
    _effective_from_check(subject=blueprint.subject, effective_from=values["effective_from"], exclude_pk=blueprint.pk)
    for name, value in values.items():
        setattr(blueprint, name, value)
    _blueprint_write(blueprint=blueprint, rules=rules)
    audit_log("exams.blueprint.changed", target=blueprint, actor=actor, data={"rules": len(rules)})
    return blueprint
