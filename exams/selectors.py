"""Reads shared by the exams pages, exports and other apps (bookings shows ``mock_attempts_for``)."""

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from .models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Blueprint,
    Chapter,
    ExamRule,
    ExamSubject,
    Favourite,
    PracticeRecord,
    Question,
    QuestionBank,
    QuestionType,
    WrongAnswer,
)
from .models.banks import OPTION_LETTERS
from .services.practice import PracticeFeedback


def exam_rule_for(subject: ExamSubject, on: datetime.date | None = None) -> ExamRule:
    """The exam rule in force for ``subject`` on ``on`` (today by default).

    The subject's own rule wins over the general one; within each, the latest effective date not
    after ``on``. With nothing seeded, an unsaved rule carrying the statutory defaults.
    """
    on = on or timezone.localdate()
    rule = (
        ExamRule.objects.filter(Q(subject=subject) | Q(subject__isnull=True), effective_from__lte=on)
        .order_by(F("subject_id").asc(nulls_last=True), "-effective_from")
        .first()
    )
    return rule or ExamRule(subject=None, effective_from=on)


# --- mock exams -----------------------------------------------------------------------------------


def mock_attempts_for(user, subject: ExamSubject | None = None):
    """The user's graded mock-exam attempts, newest first, with their subject."""
    attempts = Attempt.objects.filter(user=user).exclude(status=AttemptStatus.IN_PROGRESS).select_related("subject")
    if subject is not None:
        attempts = attempts.filter(subject=subject)
    return attempts.order_by("-finished_at", "-pk")


def mock_subjects_for(user) -> list[ExamSubject]:
    """Active subjects that have a blueprint in force, the learner's own person category first; each
    carries ``open_attempt_id`` (the attempt to resume, or None)."""
    today = timezone.localdate()
    in_force = Blueprint.objects.filter(subject=OuterRef("pk"), is_active=True, effective_from__lte=today)
    open_attempts = Attempt.objects.filter(subject=OuterRef("pk"), user=user, status=AttemptStatus.IN_PROGRESS)
    subjects = list(
        ExamSubject.objects.filter(is_active=True)
        .filter(Exists(in_force))
        .annotate(open_attempt_id=open_attempts.values("pk")[:1])
        .order_by("person_category", "name")
    )
    category = getattr(user, "person_category", "")
    subjects.sort(key=lambda s: s.person_category != category)  # stable: keeps name order within
    return subjects


def attempt_for_user(user, attempt_id: int) -> Attempt | None:
    return Attempt.objects.select_related("subject", "blueprint").filter(pk=attempt_id, user=user).first()


@dataclass(frozen=True)
class NavigatorEntry:
    position: int
    answered: bool
    flagged: bool


def attempt_navigator(attempt: Attempt) -> list[NavigatorEntry]:
    """State of every question of the attempt for the answer sheet (答题卡); no answers, one query."""
    rows = (
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list("position", "answer", "flagged")
    )
    return [NavigatorEntry(position=p, answered=bool(a), flagged=f) for p, a, f in rows]


@dataclass(frozen=True)
class DisplayOption:
    letter: str  # display letter (A, B, … in the order the candidate sees)
    text: str
    canonical: str  # canonical letter; never rendered for an open attempt


def display_options(question: Question | AttemptQuestion, option_order: list[int]) -> list[DisplayOption]:
    """The options in display order; works on a live ``Question`` (practice, quiz) and on an
    attempt's copy (``AttemptQuestion``: ``question_type`` and ``options`` as drawn)."""
    type_ = question.question_type if isinstance(question, AttemptQuestion) else question.type
    texts = question.options or ([gettext("正确"), gettext("错误")] if type_ == QuestionType.TRUE_FALSE else [])
    order = option_order or list(range(len(texts)))
    return [
        DisplayOption(letter=OPTION_LETTERS[display], text=texts[canonical], canonical=OPTION_LETTERS[canonical])
        for display, canonical in enumerate(order)
        if canonical < len(texts)
    ]


def attempt_item_for_user(user, attempt_id: int, position: int) -> AttemptQuestion | None:
    """The question screen's one read: the item at ``position`` of the user's attempt with the
    attempt, its subject and the picture joined (the exam-day hot path: one query, not three).
    The key and explanation are not read, so they cannot reach the page before submission."""
    return (
        AttemptQuestion.objects.filter(attempt_id=attempt_id, attempt__user=user, position=position)
        .select_related("attempt", "attempt__subject", "image")
        .defer("key", "explanation", "chapter_name", "question_id")
        .first()
    )


@dataclass
class Breakdown:
    label: str
    count: int = 0
    correct: int = 0
    points: Decimal = Decimal(0)
    awarded: Decimal = Decimal(0)

    @property
    def percent(self) -> int:
        return round(100 * self.awarded / self.points) if self.points else 0


@dataclass
class AttemptResult:
    attempt: Attempt
    items: list[AttemptQuestion]
    by_chapter: list[Breakdown] = field(default_factory=list)
    by_type: list[Breakdown] = field(default_factory=list)

    @property
    def time_used(self) -> datetime.timedelta:
        return (self.attempt.finished_at or self.attempt.deadline) - self.attempt.started_at

    @property
    def time_used_minutes(self) -> int:
        return max(0, round(self.time_used.total_seconds() / 60))

    @property
    def time_limit_minutes(self) -> int:
        """The limit the attempt ran under (the rule in force at its start fixed the deadline)."""
        return round((self.attempt.deadline - self.attempt.started_at).total_seconds() / 60)

    @property
    def correct_count(self) -> int:
        return sum(1 for item in self.items if item.is_correct)


def attempt_result(attempt: Attempt) -> AttemptResult:
    """A graded attempt with every item in the order seen, from the attempt's own copy of each
    question (what the candidate saw, whatever the bank says now), each carrying ``shown_options``
    (display order), ``given`` and ``right`` (display letters), plus the per-chapter and per-type
    breakdowns. One query."""
    from .services.attempts import canonical_to_display

    items = list(AttemptQuestion.objects.filter(attempt=attempt).select_related("image").order_by("position"))
    chapters: OrderedDict[str, Breakdown] = OrderedDict()
    types: OrderedDict[str, Breakdown] = OrderedDict()
    type_labels = dict(QuestionType.choices)
    for item in items:
        item.shown_options = display_options(item, item.option_order)
        item.given = canonical_to_display(item.answer, item.option_order)
        item.right = canonical_to_display(item.key, item.option_order)
        chapter_label = item.chapter_name or gettext("未分章节")
        for table, key, label in (
            (chapters, chapter_label, chapter_label),
            (types, item.question_type, type_labels.get(item.question_type, item.question_type)),
        ):
            row = table.setdefault(key, Breakdown(label=str(label)))
            row.count += 1
            row.correct += int(bool(item.is_correct))
            row.points += item.points
            row.awarded += item.awarded or Decimal(0)
    return AttemptResult(attempt=attempt, items=items, by_chapter=list(chapters.values()), by_type=list(types.values()))


# --- practice -------------------------------------------------------------------------------------


PRACTICE_MODES = ("sequential", "random", "chapter", "wrong", "favourites")


def practice_banks():
    """Active banks with their active question count, for the practice start page."""
    return (
        QuestionBank.objects.filter(is_active=True)
        .annotate(question_count=Count("questions", filter=Q(questions__is_active=True)))
        .filter(question_count__gt=0)
        .order_by("-is_public", "name")
    )


@dataclass
class ChapterProgress:
    chapter: Chapter | None
    total: int
    answered: int
    right: int

    @property
    def label(self) -> str:
        return self.chapter.path if self.chapter else gettext("未分章节")

    @property
    def percent_answered(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def practice_progress(user, bank: QuestionBank) -> list[ChapterProgress]:
    """Per chapter of ``bank``: active questions, how many the learner has answered, and how many
    they got right the last time. Three queries whatever the bank size."""
    active = Question.objects.filter(bank=bank, is_active=True)
    totals = dict(active.values("chapter_id").annotate(n=Count("pk")).values_list("chapter_id", "n"))
    records = (
        PracticeRecord.objects.filter(user=user, question__bank=bank, question__is_active=True)
        .values("question__chapter_id")
        .annotate(answered=Count("pk"), right=Count("pk", filter=Q(last_correct=True)))
        .values_list("question__chapter_id", "answered", "right")
    )
    done = {chapter_id: (answered, right) for chapter_id, answered, right in records}
    chapters = Chapter.objects.in_bulk([pk for pk in totals if pk is not None])
    rows = [
        ChapterProgress(
            chapter=chapters.get(pk), total=n, answered=done.get(pk, (0, 0))[0], right=done.get(pk, (0, 0))[1]
        )
        for pk, n in totals.items()
    ]
    rows.sort(key=lambda row: (row.chapter is None, row.chapter.sort_order if row.chapter else 0, row.label))
    return rows


def practice_question_ids(user, bank: QuestionBank, mode: str, chapter: Chapter | None = None) -> list[int]:
    """The ordered question ids a practice mode walks through (one query)."""
    questions = Question.objects.filter(bank=bank, is_active=True)
    if chapter is not None:
        questions = questions.filter(
            Q(chapter=chapter) | Q(chapter__bank=bank, chapter__path__startswith=f"{chapter.path}/")
        )
    if mode == "wrong":
        questions = questions.filter(Exists(WrongAnswer.objects.filter(user=user, question=OuterRef("pk"))))
    elif mode == "favourites":
        questions = questions.filter(Exists(Favourite.objects.filter(user=user, question=OuterRef("pk"))))
    return list(
        questions.order_by(
            F("chapter__sort_order").asc(nulls_last=True), F("chapter__path").asc(nulls_last=True), "pk"
        ).values_list("pk", flat=True)
    )


def practice_question(question_id: int, user) -> Question | None:
    """A question for the practice screen, with ``is_favourite`` and ``wrong_entry`` for the learner."""
    return (
        Question.objects.select_related("chapter", "image", "bank")
        .filter(pk=question_id, is_active=True)
        .annotate(
            is_favourite=Exists(Favourite.objects.filter(user=user, question=OuterRef("pk"))),
            in_wrong_book=Exists(WrongAnswer.objects.filter(user=user, question=OuterRef("pk"))),
        )
        .first()
    )


def practice_feedback_last(user, question: Question) -> PracticeFeedback | None:
    """The feedback for the learner's last practice answer to ``question`` (from the stored record),
    so the feedback view survives a redirect such as the favourite toggle; ``None`` if never answered."""
    record = (
        PracticeRecord.objects.filter(user=user, question=question)
        .only("last_answer", "last_correct", "last_cleared")
        .first()
    )
    if record is None or not record.last_answer:
        return None
    entry = WrongAnswer.objects.filter(user=user, question=question).only("right_streak").first()
    # Back in the book since (a mock exam answered it wrong): the book's state wins over the old note.
    cleared = entry is None and record.last_correct and record.last_cleared
    return PracticeFeedback(
        question=question,
        answer=record.last_answer,
        correct=record.last_correct,
        in_wrong_book=entry is not None,
        right_streak=entry.right_streak if entry else 0,
        cleared=cleared,
    )


def wrong_book_count(user, bank: QuestionBank) -> int:
    return WrongAnswer.objects.filter(user=user, question__bank=bank, question__is_active=True).count()


def favourite_count(user, bank: QuestionBank) -> int:
    return Favourite.objects.filter(user=user, question__bank=bank, question__is_active=True).count()


__all__ = [
    "PRACTICE_MODES",
    "attempt_for_user",
    "attempt_item_for_user",
    "attempt_navigator",
    "attempt_result",
    "display_options",
    "exam_rule_for",
    "mock_attempts_for",
    "mock_subjects_for",
    "practice_banks",
    "practice_feedback_last",
    "practice_progress",
    "practice_question",
    "practice_question_ids",
]
