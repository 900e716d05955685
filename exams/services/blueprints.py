"""Blueprints (组卷规则): saving them, and checking the subject's banks can fill them."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from edu_platform.audit import audit_log

from ..errors import ExamError
from ..models import Blueprint, BlueprintRule, Chapter, ExamSubject, Question, QuestionType


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


def blueprint_check(blueprint: Blueprint, rules: Iterable[BlueprintRule | RuleData] | None = None) -> list[str]:
    """Problems (Chinese) that keep ``blueprint`` from drawing a paper; empty when it can.

    Rules that share questions (e.g. 单选 from 法律法规 and 单选 from anywhere) are checked
    together: each rule needs its own count, and overlapping rules need their sum.
    """
    subject = blueprint.subject
    rules = list(rules if rules is not None else blueprint.rules.select_related("chapter"))
    problems: list[str] = []
    if not rules:
        return ["组卷规则至少需要一行明细。"]
    if not subject.banks.exists():
        return [f"考试科目“{subject.name}”还没有关联题库，请先在科目中选择题库。"]
    type_labels = dict(QuestionType.choices)
    needed_per_type: dict[str, int] = {}
    for line, rule in enumerate(rules, start=1):
        chapter = rule.chapter
        if chapter is not None and not subject.banks.filter(pk=chapter.bank_id).exists():
            problems.append(f"第 {line} 行：章节“{chapter.path}”不属于本科目的题库。")
            continue
        available = rule_queryset(subject=subject, question_type=rule.question_type, chapter=chapter).count()
        label = type_labels.get(rule.question_type, rule.question_type)
        where = f"章节“{chapter.path}”中" if chapter else "题库中"
        if available < rule.count:
            problems.append(f"第 {line} 行：{where}符合条件的{label}只有 {available} 道，需要 {rule.count} 道。")
        needed_per_type[rule.question_type] = needed_per_type.get(rule.question_type, 0) + rule.count
    if not problems:
        for type_, needed in needed_per_type.items():
            available = rule_queryset(subject=subject, question_type=type_, chapter=None).count()
            if available < needed:
                problems.append(
                    f"各行合计需要{type_labels[type_]} {needed} 道，题库中只有 {available} 道（同一道题不会重复出现）。"
                )
    return problems


def blueprint_max_score(rules: Iterable[BlueprintRule | RuleData]) -> Decimal:
    return sum((Decimal(rule.count) * Decimal(rule.points) for rule in rules), Decimal(0))


@transaction.atomic
def blueprint_create(
    *,
    subject: ExamSubject,
    name: str,
    rules: list[RuleData],
    effective_from: datetime.date,
    time_limit_minutes: int = 120,
    pass_mark: int = 80,
    shuffle_options: bool = True,
    attempts_allowed: int = 0,
    is_active: bool = True,
    actor=None,
) -> Blueprint:
    """Save a blueprint with its rules; refused (nothing saved) when the banks cannot fill it."""
    if Blueprint.objects.filter(subject=subject, effective_from=effective_from).exists():
        raise ExamError(f"该科目在 {effective_from:%Y-%m-%d} 已有组卷规则，请换一个生效日期。")
    blueprint = Blueprint(
        subject=subject,
        name=name,
        effective_from=effective_from,
        time_limit_minutes=time_limit_minutes,
        pass_mark=pass_mark,
        shuffle_options=shuffle_options,
        attempts_allowed=attempts_allowed,
        is_active=is_active,
    )
    if pass_mark > blueprint_max_score(rules):
        raise ExamError(f"合格分数 {pass_mark} 超过了试卷总分 {blueprint_max_score(rules)}。")
    problems = blueprint_check(blueprint, rules)
    if problems:
        raise ExamError("；".join(problems))
    blueprint.save()
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
    audit_log("exams.blueprint.created", target=blueprint, actor=actor, data={"rules": len(rules)})
    return blueprint


@transaction.atomic
def blueprint_save(
    *, blueprint: Blueprint | None, subject: ExamSubject, values: dict, rules: list[RuleData], actor=None
) -> Blueprint:
    """Create or edit a blueprint and replace its rules; refused (nothing saved) when the subject's
    banks cannot fill it or the pass mark exceeds the paper's total."""
    if not rules:
        raise ExamError("组卷规则至少需要一行明细。")
    if blueprint is None:
        return blueprint_create(subject=subject, rules=rules, actor=actor, **values)
    blueprint = Blueprint.objects.select_for_update().get(pk=blueprint.pk)
    clash = Blueprint.objects.filter(subject=blueprint.subject, effective_from=values["effective_from"])
    if clash.exclude(pk=blueprint.pk).exists():
        raise ExamError(f"该科目在 {values['effective_from']:%Y-%m-%d} 已有组卷规则，请换一个生效日期。")
    for name, value in values.items():
        setattr(blueprint, name, value)
    total = blueprint_max_score(rules)
    if blueprint.pass_mark > total:
        raise ExamError(f"合格分数 {blueprint.pass_mark} 超过了试卷总分 {total}。")
    problems = blueprint_check(blueprint, rules)
    if problems:
        raise ExamError("；".join(problems))
    blueprint.save()
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
    audit_log("exams.blueprint.changed", target=blueprint, actor=actor, data={"rules": len(rules)})
    return blueprint
