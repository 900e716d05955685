"""PostgreSQL: two wrong answers to the same question arriving together (a double click, a second
tab) both count, and neither fails on the wrong-answer book's unique (user, question)."""

import threading

import pytest
from django.db import connection, transaction

from exams.models import Question, QuestionType, WrongAnswer
from exams.services.practice import practice_answer
from tests.exams.conftest import _make_bank

pytestmark = [pytest.mark.postgres]


def test_simultaneous_wrong_answers_both_counted(transactional_db, django_user_model):
    bank = _make_bank(code="prace", single=2)
    question = Question.objects.filter(bank=bank, type=QuestionType.SINGLE).first()  # answer B
    user = django_user_model.objects.create_user(username="twice", email="t@example.com", password="pw-12345678")
    outcome: list[str] = []

    def second_click():
        try:
            practice_answer(user=user, question_id=question.pk, answer_letters="A")
            outcome.append("ok")
        except Exception as exc:  # the test reports whatever escaped
            outcome.append(type(exc).__name__)
        finally:
            connection.close()

    with transaction.atomic():
        # The first click has inserted its wrong-book entry but not committed yet: the second sees
        # no row to lock, and its insert waits on the unique index.
        WrongAnswer.objects.create(user=user, question=question)
        clicker = threading.Thread(target=second_click)
        clicker.start()
        clicker.join(timeout=1.5)
        assert clicker.is_alive(), "the second insert must wait for the first transaction"
    clicker.join(timeout=10)
    assert outcome == ["ok"]
    entry = WrongAnswer.objects.get(user=user, question=question)
    assert (entry.wrong_count, entry.right_streak) == (2, 0)
