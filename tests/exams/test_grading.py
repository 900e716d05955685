"""Grading: all-or-nothing per item, pass mark, submit once, wrong answers to the book, ≤ 5 queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exams.models import AttemptStatus, QuestionType, WrongAnswer
from exams.services.attempts import (
    attempt_answer_save,
    attempt_start,
    attempt_submit,
    canonical_to_display,
    display_to_canonical,
)


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(username="learner", email="l@example.com", password="pw-12345678")


def _display(item, canonical: str) -> str:
    return "".join(sorted("ABCDEFGH"[item.option_order.index("ABCDEFGH".index(c))] for c in canonical))


def _answer_all(attempt, learner, choose):
    for item in attempt.items.select_related("question"):
        letters = choose(item)
        if letters is not None:
            attempt_answer_save(
                user=learner, attempt_id=attempt.pk, position=item.position, answer_display_letters=letters
            )


@pytest.mark.django_db
def test_all_right_scores_full_marks_and_passes(bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    _answer_all(attempt, learner, lambda item: _display(item, item.question.answer))
    attempt = attempt_submit(user=learner, attempt_id=attempt.pk)
    assert (attempt.status, attempt.score, attempt.passed) == (AttemptStatus.SUBMITTED, 30, True)
    assert not WrongAnswer.objects.filter(user=learner).exists()


@pytest.mark.django_db
def test_multiple_choice_is_all_or_nothing(bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    multiples = list(attempt.items.select_related("question").filter(question__type=QuestionType.MULTIPLE))
    assert len(multiples) == 2  # answer AC, 5 points each
    partial, superset = multiples
    attempt_answer_save(
        user=learner, attempt_id=attempt.pk, position=partial.position, answer_display_letters=_display(partial, "A")
    )
    attempt_answer_save(
        user=learner,
        attempt_id=attempt.pk,
        position=superset.position,
        answer_display_letters=_display(superset, "ACD"),
    )
    attempt = attempt_submit(user=learner, attempt_id=attempt.pk)
    for item in attempt.items.filter(pk__in=[partial.pk, superset.pk]):
        assert (item.is_correct, item.awarded) == (False, 0)
    assert attempt.score == 0
    assert attempt.passed is False
    # Everything was wrong or empty, so the whole paper went to the wrong-answer book.
    assert WrongAnswer.objects.filter(user=learner).count() == 17


@pytest.mark.django_db
def test_pass_mark_boundary(bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    # 10 判断 right (10) + 5 单选 right (10) = 20 = pass mark; 多选 wrong.
    _answer_all(
        attempt,
        learner,
        lambda item: None if item.question.type == QuestionType.MULTIPLE else _display(item, item.question.answer),
    )
    attempt = attempt_submit(user=learner, attempt_id=attempt.pk)
    assert attempt.score == 20
    assert attempt.passed is True


@pytest.mark.django_db
def test_double_submit_grades_once(bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    first = attempt_submit(user=learner, attempt_id=attempt.pk)
    wrong = list(WrongAnswer.objects.filter(user=learner).values_list("question_id", "wrong_count", "updated_at"))
    with CaptureQueriesContext(connection) as ctx:
        second = attempt_submit(user=learner, attempt_id=attempt.pk)
    assert (second.finished_at, second.score) == (first.finished_at, first.score)
    assert not [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE") or q["sql"].startswith("INSERT")]
    assert (
        list(WrongAnswer.objects.filter(user=learner).values_list("question_id", "wrong_count", "updated_at")) == wrong
    )


@pytest.mark.django_db
def test_grading_query_budget(make_bank, make_subject, make_blueprint, learner):
    bank = make_bank(code="g100", true_false=80, single=40)
    subject = make_subject(banks=[bank])
    make_blueprint(subject, rules=(("true_false", 70, 1), ("single", 30, 1)), pass_mark=80)
    attempt = attempt_start(user=learner, subject=subject)
    _answer_all(attempt, learner, lambda item: "A" if item.position % 2 else None)
    with CaptureQueriesContext(connection) as ctx:
        attempt_submit(user=learner, attempt_id=attempt.pk)
    # Savepoints exist only because the test runs inside a transaction; they are not work.
    work = [q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(work) <= 5, [q["sql"][:80] for q in work]


@given(st.permutations(list(range(6))), st.sets(st.integers(min_value=0, max_value=5), min_size=1))
@settings(suppress_health_check=[HealthCheck.too_slow])  # the shared CI machine is slow, not the strategy
def test_display_and_canonical_letters_round_trip(order, shown):
    """Whatever the shuffle, what the candidate ticked is stored as the canonical letters of the
    options they saw, and the review shows the same boxes ticked."""
    display = "".join(sorted("ABCDEF"[i] for i in shown))
    canonical = display_to_canonical(display, order)
    assert canonical == "".join(sorted("ABCDEF"[order[i]] for i in shown))
    assert canonical_to_display(canonical, order) == display
