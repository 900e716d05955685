"""The public knowledge quiz (公众知识竞答): anonymous, nothing stored.

The drawn question ids travel in a signed token inside the form, so the server keeps no state and
no answer is ever written anywhere, let alone next to personal data.
"""

import secrets
from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext as _

from exams.errors import ExamError
from exams.models import Question, QuestionBank

from .practice import answer_letters_clean

QUIZ_SALT = "exams.quiz"
QUIZ_MAX_AGE_SECONDS = 3 * 60 * 60
QUIZ_MIN, QUIZ_MAX, QUIZ_DEFAULT = 1, 30, 10

_random = secrets.SystemRandom()


def quiz_count_clean(raw) -> int:
    """The requested number of questions, clamped to 1–30 (10 when missing or not a number)."""
    try:
        count = int(raw)
    except (TypeError, ValueError):
        return QUIZ_DEFAULT
    return max(QUIZ_MIN, min(QUIZ_MAX, count))


def quiz_bank_get(code: str) -> QuestionBank | None:
    return QuestionBank.objects.filter(code=code, is_public=True, is_active=True).first()


def quiz_draw(*, bank: QuestionBank, count: int) -> tuple[list[Question], str]:
    """Draw ``count`` random active questions (fewer if the bank is smaller) and sign their ids."""
    ids = list(Question.objects.filter(bank=bank, is_active=True).values_list("pk", flat=True))
    if not ids:
        raise ExamError(_("这个题库暂时没有可用的题目。"))
    chosen = _random.sample(ids, min(count, len(ids)))
    questions = Question.objects.in_bulk(chosen)
    token = signing.dumps({"b": bank.pk, "q": chosen}, salt=QUIZ_SALT, compress=True)
    return [questions[pk] for pk in chosen], token


@dataclass(frozen=True)
class QuizItem:
    question: Question
    answer: str  # canonical letters given ("" when skipped)
    correct: bool


@dataclass(frozen=True)
class QuizResult:
    items: list[QuizItem]
    score: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


def quiz_grade(*, bank: QuestionBank, token: str, answers: dict[int, str]) -> QuizResult:
    """Grade answers (question id → canonical letters) against the questions the token names."""
    try:
        payload = signing.loads(token, salt=QUIZ_SALT, max_age=QUIZ_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise ExamError(_("答题时间过长，题目已失效，请重新开始答题。")) from exc
    except signing.BadSignature as exc:
        raise ExamError(_("答题信息无效，请重新开始答题。")) from exc
    if payload.get("b") != bank.pk or not isinstance(payload.get("q"), list):
        raise ExamError(_("答题信息无效，请重新开始答题。"))
    ids = [int(pk) for pk in payload["q"]]
    questions = Question.objects.in_bulk(ids)
    items = []
    for pk in ids:
        question = questions.get(pk)
        if question is None:
            continue
        raw = answers.get(pk, "")
        try:
            given = answer_letters_clean(question, raw) if raw else ""
        except ExamError:
            given = ""
        items.append(QuizItem(question=question, answer=given, correct=bool(given) and given == question.answer))
    return QuizResult(items=items, score=sum(item.correct for item in items), total=len(items))
