"""Practice (练习): record an answer with immediate feedback, keep the wrong-answer book and favourites."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from exams.errors import ExamError
from exams.models import Favourite, PracticeRecord, Question, QuestionType, WrongAnswer
from exams.models.banks import OPTION_LETTERS


def wrong_book_clear_streak() -> int:
    """How many right answers in a row take a question out of the wrong-answer book."""
    return int(getattr(settings, "EXAMS_WRONG_BOOK_CLEAR_STREAK", 3))


@dataclass(frozen=True)
class PracticeFeedback:
    question: Question
    answer: str  # canonical letters the learner gave
    correct: bool
    in_wrong_book: bool  # after this answer
    right_streak: int  # right answers in a row while in the wrong-answer book (0 when not in it)
    cleared: bool = False  # this answer took the question out of the wrong-answer book


def practice_question_get(question_id: int) -> Question:
    """An active question of an active bank, or ``ExamError``."""
    question = (
        Question.objects.select_related("bank", "chapter")
        .filter(pk=question_id, is_active=True, bank__is_active=True)
        .first()
    )
    if question is None:
        raise ExamError(_("这道题不存在或已停用，请返回题库重新选择。"))
    return question


def answer_letters_clean(question: Question, letters: str) -> str:
    """Canonical, sorted letters from what the learner ticked; ``ExamError`` on an impossible answer."""
    letters = "".join(letters.split()).upper()
    option_count = len(question.options) or (2 if question.type == QuestionType.TRUE_FALSE else 0)
    if not letters:
        raise ExamError(_("请先选择答案再提交。"))
    if len(set(letters)) != len(letters) or any(
        OPTION_LETTERS.find(c) < 0 or OPTION_LETTERS.find(c) >= option_count for c in letters
    ):
        raise ExamError(_("所选答案不是本题的选项，请重新选择。"))
    if len(letters) > 1 and question.type != QuestionType.MULTIPLE:
        raise ExamError(_("本题只能选择一个答案。"))
    return "".join(sorted(letters))


@transaction.atomic
def practice_answer(*, user, question_id: int, answer_letters: str) -> PracticeFeedback:
    """Record one practice answer (canonical letters) and return the feedback to show at once.

    A wrong answer puts the question in the wrong-answer book (or resets its streak); a right one
    while it is there counts towards ``EXAMS_WRONG_BOOK_CLEAR_STREAK`` right answers in a row, which
    take it out.
    """
    question = practice_question_get(question_id)
    answer = answer_letters_clean(question, answer_letters)
    correct = answer == question.answer
    record, created = PracticeRecord.objects.get_or_create(
        user=user,
        question=question,
        defaults={
            "last_answer": answer,
            "last_correct": correct,
            "last_cleared": False,
            "answered_count": 1,
            "correct_count": int(correct),
        },
    )
    if not created:
        PracticeRecord.objects.filter(pk=record.pk).update(
            last_answer=answer,
            last_correct=correct,
            last_cleared=False,
            answered_count=F("answered_count") + 1,
            correct_count=F("correct_count") + int(correct),
        )
    entry = WrongAnswer.objects.select_for_update().filter(user=user, question=question).first()
    if not correct:
        if entry is None:
            try:
                with transaction.atomic():
                    WrongAnswer.objects.create(user=user, question=question)
            except IntegrityError:
                # A double click (or a second tab) put it in the book a moment ago: count this one too.
                WrongAnswer.objects.filter(user=user, question=question).update(
                    wrong_count=F("wrong_count") + 1, right_streak=0, updated_at=timezone.now()
                )
        else:
            entry.wrong_count += 1
            entry.right_streak = 0
            entry.save(update_fields=["wrong_count", "right_streak", "updated_at"])
        return PracticeFeedback(question=question, answer=answer, correct=False, in_wrong_book=True, right_streak=0)
    if entry is None:
        return PracticeFeedback(question=question, answer=answer, correct=True, in_wrong_book=False, right_streak=0)
    entry.right_streak += 1
    if entry.right_streak >= wrong_book_clear_streak():
        entry.delete()
        # The record remembers it, so the feedback rebuilt after a reload still says so.
        PracticeRecord.objects.filter(pk=record.pk).update(last_cleared=True)
        return PracticeFeedback(
            question=question,
            answer=answer,
            correct=True,
            in_wrong_book=False,
            right_streak=entry.right_streak,
            cleared=True,
        )
    entry.save(update_fields=["right_streak", "updated_at"])
    return PracticeFeedback(
        question=question, answer=answer, correct=True, in_wrong_book=True, right_streak=entry.right_streak
    )


@transaction.atomic
def favourite_set(*, user, question_id: int, favourite: bool) -> bool:
    """Add the question to (or remove it from) the learner's favourites; idempotent, so a double
    click or a resent form leaves the same state. Returns the new state."""
    question = practice_question_get(question_id)
    if favourite:
        Favourite.objects.get_or_create(user=user, question=question)
    else:
        Favourite.objects.filter(user=user, question=question).delete()
    return favourite
