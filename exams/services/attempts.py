"""Mock-exam attempts (模拟考试): start or resume, save answers one by one, submit, close the expired.

The server owns the deadline (DESIGN §6). An answer save and a submit serialise on the attempt's
row lock, and the save re-checks "open and before the deadline" under that lock, so a save can
never land after grading.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from exams.errors import ExamError
from exams.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    QuestionType,
    WrongAnswer,
)
from exams.models.banks import OPTION_LETTERS
from exams.selectors import exam_rule_for

from .drawing import blueprint_in_force, paper_draw


class AttemptNotFoundError(ExamError):
    """No such attempt for this user, or no such question in it (404: reveal nothing)."""


class AttemptClosedError(ExamError):
    """The attempt is already submitted or its deadline has passed (409)."""


class AnswerInvalidError(ExamError):
    """The posted answer names an option the question does not have (400)."""


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


@transaction.atomic
def attempt_start(*, user, subject, now: datetime.datetime | None = None) -> Attempt:
    """Start a mock exam of ``subject`` for ``user``, or return the attempt already open.

    The exam rule in force on the start date gives the duration, full marks and pass mark; the
    blueprint only composes the paper (and must add up to the rule's full marks). Closes the
    user's expired attempts first; refuses with ``ExamError`` when no blueprint is in force, the
    blueprint's ``attempts_allowed`` is used up, it does not match the rule, or the bank is too small.
    """
    now = _now(now)
    attempt_close_expired(now=now, user=user)
    existing = Attempt.objects.filter(user=user, subject=subject, status=AttemptStatus.IN_PROGRESS).first()
    if existing:
        return existing
    if not subject.is_active:
        raise ExamError(_("该科目已停用，不能参加模拟考试。"))
    today = timezone.localdate(now)
    blueprint = blueprint_in_force(subject, today)
    if blueprint is None:
        raise ExamError(_("“%(subject)s”暂无生效的组卷规则，暂不能模拟考试。") % {"subject": subject.name})
    if blueprint.attempts_allowed:
        used = Attempt.objects.filter(user=user, subject=subject, blueprint=blueprint).count()
        if used >= blueprint.attempts_allowed:
            raise ExamError(
                _("“%(subject)s”的模拟考试最多可参加 %(n)d 次，您已用完。") % {"subject": subject.name, "n": used}
            )
    rule = exam_rule_for(subject, on=today)
    paper = paper_draw(subject=subject, blueprint=blueprint, exam_rule=rule)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                subject=subject,
                blueprint=blueprint,
                exam_rule=rule if rule.pk else None,
                started_at=now,
                deadline=now + datetime.timedelta(minutes=rule.duration_minutes),
                max_score=Decimal(rule.full_marks),
                pass_mark=Decimal(rule.pass_mark),
            )
    except IntegrityError:
        # A second tab or double click started the same exam a moment ago: resume that one.
        return Attempt.objects.get(user=user, subject=subject, status=AttemptStatus.IN_PROGRESS)
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            question_id=item.question_id,
            position=position,
            points=item.points,
            option_order=item.option_order,
            question_type=item.question_type,
            stem=item.stem,
            options=list(item.options),
            key=item.key,
            explanation=item.explanation,
            chapter_name=item.chapter_name,
            image_id=item.image_id,
        )
        for position, item in enumerate(paper, start=1)
    )
    return attempt


def display_to_canonical(letters: str, option_order: list[int]) -> str:
    """Map display letters (what the candidate saw) to canonical letters, sorted; raise on a letter
    that is not one of the question's options or is repeated."""
    letters = "".join(letters.split()).upper()
    if len(set(letters)) != len(letters):
        raise AnswerInvalidError(_("同一选项不能重复提交。"))
    canonical = []
    for letter in letters:
        index = OPTION_LETTERS.find(letter)
        if index < 0 or index >= len(option_order):
            raise AnswerInvalidError(_("选项“%(letter)s”不存在，请从题目给出的选项中选择。") % {"letter": letter})
        canonical.append(OPTION_LETTERS[option_order[index]])
    return "".join(sorted(canonical))


def canonical_to_display(letters: str, option_order: list[int]) -> str:
    """The display letters the candidate saw for canonical ``letters``."""
    positions = {canonical: display for display, canonical in enumerate(option_order)}
    indexes = [OPTION_LETTERS.index(c) for c in letters]
    shown = [OPTION_LETTERS[positions[i]] for i in indexes if i in positions]
    return "".join(sorted(shown))


@transaction.atomic
def attempt_answer_save(
    *,
    user,
    attempt_id: int,
    position: int,
    answer_display_letters: str,
    flagged: bool | None = None,
    now: datetime.datetime | None = None,
) -> AttemptQuestion:
    """Save one answer (display letters, e.g. "B" or "AC"; empty clears it) and the flag.

    Two queries whatever the paper size: the item read with its attempt row locked, then one
    UPDATE. Refused, with nothing changed, for someone else's attempt or a position not in it
    (``AttemptNotFoundError``), a closed or expired attempt (``AttemptClosedError``), or a letter
    that is not an option or too many letters for a single-choice question (``AnswerInvalidError``).
    """
    now = _now(now)
    item = (
        AttemptQuestion.objects.select_for_update(of=("attempt",))
        .select_related("attempt")
        .only(
            "pk",
            "option_order",
            "answer",
            "flagged",
            "question_type",
            "attempt__status",
            "attempt__deadline",
            "attempt__user_id",
        )
        .filter(attempt_id=attempt_id, attempt__user=user, position=position)
        .first()
    )
    if item is None:
        raise AttemptNotFoundError(_("找不到这道题，请从答题卡重新进入。"))
    if item.attempt.status != AttemptStatus.IN_PROGRESS:
        raise AttemptClosedError(_("本场模拟考试已交卷，不能再修改答案。"))
    if item.attempt.deadline <= now:
        raise AttemptClosedError(_("考试时间已到，答案未保存；系统将按截止时间自动交卷。"))
    answer = display_to_canonical(answer_display_letters or "", item.option_order)
    if len(answer) > 1 and item.question_type != QuestionType.MULTIPLE:
        raise AnswerInvalidError(_("本题只能选择一个答案。"))
    item.answer = answer
    item.answered_at = now if answer else None
    fields = ["answer", "answered_at"]
    if flagged is not None:
        item.flagged = flagged
        fields.append("flagged")
    AttemptQuestion.objects.filter(pk=item.pk).update(**{name: getattr(item, name) for name in fields})
    return item


def _grade(attempt: Attempt, *, finished_at: datetime.datetime, status: str) -> Attempt:
    """Grade a locked open attempt against the questions as drawn (the attempt's own copy, never the
    live bank): per item all-or-nothing, then the total, pass/fail and the wrong-answer book. Three
    queries (items, one bulk UPDATE, attempt UPDATE) plus one upsert when something was wrong."""
    items = list(AttemptQuestion.objects.filter(attempt=attempt).only("pk", "answer", "points", "question_id", "key"))
    score = Decimal(0)
    wrong_ids = []
    for item in items:
        item.is_correct = bool(item.answer) and item.answer == item.key
        item.awarded = item.points if item.is_correct else Decimal(0)
        score += item.awarded
        if not item.is_correct:
            wrong_ids.append(item.question_id)
    AttemptQuestion.objects.bulk_update(items, ["is_correct", "awarded"])
    attempt.status = status
    attempt.finished_at = finished_at
    attempt.score = score
    attempt.passed = score >= attempt.pass_mark
    attempt.save(update_fields=["status", "finished_at", "score", "passed"])
    if wrong_ids:
        WrongAnswer.objects.bulk_create(
            [WrongAnswer(user_id=attempt.user_id, question_id=qid, right_streak=0) for qid in wrong_ids],
            update_conflicts=True,
            unique_fields=["user", "question"],
            update_fields=["right_streak", "updated_at"],
        )
    return attempt


@transaction.atomic
def attempt_submit(*, user, attempt_id: int, now: datetime.datetime | None = None) -> Attempt:
    """Hand in the attempt and grade it once. Submitting again returns the graded attempt unchanged;
    a submit after the deadline closes it as expired with the deadline as finish time."""
    now = _now(now)
    attempt = Attempt.objects.select_for_update().filter(pk=attempt_id, user=user).first()
    if attempt is None:
        raise AttemptNotFoundError(_("找不到这份答卷。"))
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return attempt
    if attempt.deadline <= now:
        return _grade(attempt, finished_at=attempt.deadline, status=AttemptStatus.EXPIRED)
    return _grade(attempt, finished_at=now, status=AttemptStatus.SUBMITTED)


def attempt_close_expired(*, now: datetime.datetime | None = None, user=None) -> int:
    """Close and grade every open attempt past its deadline (only ``user``'s when given), with the
    deadline as finish time. Returns how many were closed. Each attempt in its own transaction,
    re-checked under its row lock, so a concurrent submit is never graded twice."""
    now = _now(now)
    expired = Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lte=now)
    if user is not None:
        expired = expired.filter(user=user)
    closed = 0
    for attempt_id in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            attempt = (
                Attempt.objects.select_for_update()
                .filter(pk=attempt_id, status=AttemptStatus.IN_PROGRESS, deadline__lte=now)
                .first()
            )
            if attempt is not None:
                _grade(attempt, finished_at=attempt.deadline, status=AttemptStatus.EXPIRED)
                closed += 1
    return closed


@task()
def attempts_close_expired_task() -> int:
    """Periodic job (cron / db_worker): close attempts left open past their deadline."""
    return attempt_close_expired()


__all__ = [
    "AnswerInvalidError",
    "AttemptClosedError",
    "AttemptNotFoundError",
    "attempt_answer_save",
    "attempt_close_expired",
    "attempt_start",
    "attempt_submit",
    "attempts_close_expired_task",
    "canonical_to_display",
    "display_to_canonical",
]
