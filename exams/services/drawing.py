"""Paper drawing (组卷): pick a mock-exam paper at random by the subject's blueprint in force."""

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from exams.errors import ExamError
from exams.models import Blueprint, BlueprintRule, ExamRule, Question, QuestionType

_random = secrets.SystemRandom()


@dataclass(frozen=True)
class DrawnQuestion:
    """One question of a drawn paper, with the copy the attempt keeps (``AttemptQuestion``)."""

    question_id: int
    points: Decimal
    option_order: list[int]
    question_type: str = ""
    stem: str = ""
    options: tuple[str, ...] = ()
    key: str = ""
    explanation: str = ""
    chapter_name: str = ""
    image_id: int | None = None


def blueprint_in_force(subject, on: datetime.date | None = None) -> Blueprint | None:
    """The subject's active blueprint with the latest ``effective_from`` not after ``on`` (today),
    with its rules and their chapters loaded (2 queries)."""
    on = on or timezone.localdate()
    rules = BlueprintRule.objects.select_related("chapter").order_by("sort_order", "pk")
    return (
        Blueprint.objects.filter(subject=subject, is_active=True, effective_from__lte=on)
        .order_by("-effective_from")
        .prefetch_related(Prefetch("rules", queryset=rules))
        .first()
    )


def _rule_filter(rule: BlueprintRule) -> Q:
    condition = Q(type=rule.question_type)
    if rule.chapter_id:
        chapter = rule.chapter
        condition &= Q(chapter_id=chapter.pk) | Q(
            chapter__bank_id=chapter.bank_id, chapter__path__startswith=f"{chapter.path}/"
        )
    return condition


def _ids(queryset: QuerySet) -> set[int]:
    """The primary keys of ``queryset``, read straight from the cursor: on a 20,000-question bank
    Django's per-row conversion costs more than the query itself."""
    sql, params = queryset.values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _rule_label(rule: BlueprintRule) -> str:
    kind = rule.get_question_type_display()
    if rule.chapter_id:
        return _("章节“%(chapter)s”中的%(kind)s") % {"chapter": rule.chapter.path, "kind": kind}
    return str(kind)


def paper_draw(*, subject, blueprint: Blueprint, exam_rule: ExamRule | None = None) -> list[DrawnQuestion]:
    """Draw one paper by ``blueprint`` from the active questions of ``subject``'s banks.

    With ``exam_rule`` (the rule in force at the attempt's start) the blueprint must add up to its
    full marks, else ``ExamError`` says so with both totals. Rules that name a chapter are drawn
    first (deepest chapter first), so a general rule of the same type cannot take the questions a
    chapter rule needs. Raises ``ExamError`` naming the type and chapter when the bank holds too few
    questions. One ``values_list`` per rule plus one read of the drawn questions (the copy).
    """
    rules = list(blueprint.rules.all())
    if not rules:
        raise ExamError(_("组卷规则“%(name)s”还没有组卷明细，暂不能出题。") % {"name": blueprint.name})
    if exam_rule is not None:
        total = sum((Decimal(rule.count) * rule.points for rule in rules), Decimal(0))
        if total != exam_rule.full_marks:
            raise ExamError(
                _(
                    "组卷规则“%(name)s”合计 %(total)s 分，与现行考试规则的满分 %(full)s 分不一致，"
                    "暂不能出题，请联系考务管理员调整组卷规则。"
                )
                % {"name": blueprint.name, "total": format(total.normalize(), "f"), "full": exam_rule.full_marks}
            )
    bank_ids = subject.banks.filter(is_active=True).values("pk")
    base = Question.objects.filter(bank__in=bank_ids, is_active=True)
    specific_first = sorted(
        rules, key=lambda r: (r.chapter_id is None, -(len(r.chapter.path) if r.chapter_id else 0), r.sort_order, r.pk)
    )
    chosen: set[int] = set()
    picked: dict[int, list[int]] = {}
    for rule in specific_first:
        candidates = _ids(base.filter(_rule_filter(rule))) - chosen
        if len(candidates) < rule.count:
            raise ExamError(
                _("题库中符合条件的%(what)s只有 %(available)d 道，组卷需要 %(needed)d 道，请联系考务管理员补充试题。")
                % {"what": _rule_label(rule), "available": len(candidates), "needed": rule.count}
            )
        drawn = _random.sample(list(candidates), rule.count)
        chosen.update(drawn)
        picked[rule.pk] = drawn
    copies = {
        row[0]: row
        for row in Question.objects.filter(pk__in=chosen).values_list(
            "pk", "type", "stem", "options", "answer", "explanation", "chapter__path", "image_id"
        )
    }
    paper: list[DrawnQuestion] = []
    for rule in rules:  # the paper follows the blueprint's own order (e.g. 判断 before 单选)
        for question_id in picked[rule.pk]:
            _pk, type_, stem, options, key, explanation, chapter_path, image_id = copies[question_id]
            order = list(range(len(options or []) or 2))  # 判断题 without stored options
            if blueprint.shuffle_options and rule.question_type != QuestionType.TRUE_FALSE:
                _random.shuffle(order)
            paper.append(
                DrawnQuestion(
                    question_id=question_id,
                    points=rule.points,
                    option_order=order,
                    question_type=type_,
                    stem=stem,
                    options=tuple(options or ()),
                    key=key,
                    explanation=explanation,
                    chapter_name=chapter_path or "",
                    image_id=image_id,
                )
            )
    return paper
