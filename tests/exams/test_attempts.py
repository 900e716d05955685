"""Attempts: start/resume, one answer at a time, the server-kept deadline, tampering, expiry."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exams.errors import ExamError
from exams.models import Attempt, AttemptQuestion, AttemptStatus
from exams.services.attempts import (
    AnswerInvalidError,
    AttemptClosedError,
    AttemptNotFoundError,
    attempt_answer_save,
    attempt_close_expired,
    attempt_start,
    attempt_submit,
    attempts_close_expired_task,
)

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(username="learner", email="l@example.com", password="pw-12345678")


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user(username="other", email="o@example.com", password="pw-12345678")


def _snapshot(attempt):
    return list(AttemptQuestion.objects.filter(attempt=attempt).values_list("position", "answer", "flagged"))


def test_start_draws_paper_and_second_start_resumes(bank_with_paper, learner):
    _bank, subject, _blueprint = bank_with_paper
    with time_machine.travel(START, tick=False):
        attempt = attempt_start(user=learner, subject=subject)
        assert attempt.deadline - attempt.started_at == datetime.timedelta(minutes=120)  # the rule's duration
        assert attempt.max_score == 30
        assert attempt.pass_mark == 20
        assert attempt.items.count() == 17
        attempt_answer_save(user=learner, attempt_id=attempt.pk, position=1, answer_display_letters="A")
        again = attempt_start(user=learner, subject=subject)  # a reload, another tab, after a crash
    assert again.pk == attempt.pk
    assert Attempt.objects.filter(user=learner).count() == 1
    assert again.items.get(position=1).answer != ""


def test_attempts_allowed_is_respected(make_bank, make_subject, make_blueprint, learner):
    bank = make_bank(code="lim", true_false=6)
    subject = make_subject(banks=[bank])
    make_blueprint(subject, rules=(("true_false", 5, 1),), pass_mark=4, attempts_allowed=1)
    attempt = attempt_start(user=learner, subject=subject)
    attempt_submit(user=learner, attempt_id=attempt.pk)
    with pytest.raises(ExamError, match="最多可参加 1 次"):
        attempt_start(user=learner, subject=subject)


def test_no_blueprint_refused(make_subject, learner):
    subject = make_subject(code="none", name="无规则科目")
    with pytest.raises(ExamError, match="暂无生效的组卷规则"):
        attempt_start(user=learner, subject=subject)


def test_answer_is_stored_in_canonical_letters(bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    item = attempt.items.get(position=12)  # a 单选题 with a shuffled order
    display_b = "ABCD"[item.option_order.index(1)]  # where canonical B is shown
    attempt_answer_save(user=learner, attempt_id=attempt.pk, position=12, answer_display_letters=display_b.lower())
    item.refresh_from_db()
    assert item.answer == "B"
    assert item.answered_at is not None
    attempt_answer_save(user=learner, attempt_id=attempt.pk, position=12, answer_display_letters="", flagged=True)
    item.refresh_from_db()
    assert (item.answer, item.flagged, item.answered_at) == ("", True, None)


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("other_user", AttemptNotFoundError),
        ("position_not_in_attempt", AttemptNotFoundError),
        ("letter_not_an_option", AnswerInvalidError),
        ("two_letters_for_single", AnswerInvalidError),
        ("after_deadline", AttemptClosedError),
        ("after_submit", AttemptClosedError),
    ],
)
def test_tampered_saves_are_refused_and_change_nothing(bank_with_paper, learner, other, case, error):
    _bank, subject, _bp = bank_with_paper
    with time_machine.travel(START, tick=False):
        attempt = attempt_start(user=learner, subject=subject)
        attempt_answer_save(user=learner, attempt_id=attempt.pk, position=11, answer_display_letters="A")
    before = _snapshot(attempt)
    kwargs = {"user": learner, "attempt_id": attempt.pk, "position": 11, "answer_display_letters": "B"}
    now = START + datetime.timedelta(minutes=5)
    if case == "other_user":
        kwargs["user"] = other
    elif case == "position_not_in_attempt":
        kwargs["position"] = 99
    elif case == "letter_not_an_option":
        kwargs["answer_display_letters"] = "E"
    elif case == "two_letters_for_single":
        kwargs["answer_display_letters"] = "AB"
    elif case == "after_deadline":
        now = attempt.deadline
    elif case == "after_submit":
        attempt_submit(user=learner, attempt_id=attempt.pk, now=now)
        before = _snapshot(attempt)
    with pytest.raises(error):
        attempt_answer_save(now=now, **kwargs)
    assert _snapshot(attempt) == before


def test_autosave_query_count_is_constant(make_bank, make_subject, make_blueprint, learner):
    bank = make_bank(code="auto", true_false=80, single=40)
    subject = make_subject(banks=[bank])
    make_blueprint(subject, rules=(("true_false", 70, 1), ("single", 30, 1)), pass_mark=80)
    attempt = attempt_start(user=learner, subject=subject)
    counts = []
    for position in (1, 50, 100):
        with CaptureQueriesContext(connection) as ctx:
            attempt_answer_save(user=learner, attempt_id=attempt.pk, position=position, answer_display_letters="A")
        counts.append(len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]))
    assert counts == [2, 2, 2]


def test_expired_attempt_closed_on_access_with_deadline_as_finish_time(bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    with time_machine.travel(START, tick=False):
        attempt = attempt_start(user=learner, subject=subject)
        attempt_answer_save(user=learner, attempt_id=attempt.pk, position=1, answer_display_letters="A")
    with time_machine.travel(attempt.deadline + datetime.timedelta(hours=3), tick=False):
        fresh = attempt_start(user=learner, subject=subject)  # next access
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert attempt.finished_at == attempt.deadline
    assert attempt.score is not None
    assert fresh.pk != attempt.pk


def test_close_expired_command_and_task(bank_with_paper, learner, other):
    _bank, subject, _bp = bank_with_paper
    with time_machine.travel(START, tick=False):
        first = attempt_start(user=learner, subject=subject)
    with time_machine.travel(START + datetime.timedelta(minutes=100), tick=False):
        second = attempt_start(user=other, subject=subject)
    with time_machine.travel(first.deadline + datetime.timedelta(seconds=1), tick=False):
        out = StringIO()
        call_command("exams_close_expired", stdout=out)
        assert "1 份" in out.getvalue()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.finished_at) == (AttemptStatus.EXPIRED, first.deadline)
    assert second.status == AttemptStatus.IN_PROGRESS
    with time_machine.travel(second.deadline + datetime.timedelta(seconds=1), tick=False):
        attempts_close_expired_task.enqueue()
        assert attempt_close_expired() == 0  # already closed by the task
    second.refresh_from_db()
    assert second.status == AttemptStatus.EXPIRED


def test_submit_after_deadline_counts_as_expired(bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    with time_machine.travel(START, tick=False):
        attempt = attempt_start(user=learner, subject=subject)
    attempt = attempt_submit(user=learner, attempt_id=attempt.pk, now=attempt.deadline + datetime.timedelta(minutes=1))
    assert attempt.status == AttemptStatus.EXPIRED
    assert attempt.finished_at == attempt.deadline


def test_submit_someone_elses_attempt_refused(bank_with_paper, learner, other):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    with pytest.raises(AttemptNotFoundError):
        attempt_submit(user=other, attempt_id=attempt.pk)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    assert timezone.now() < attempt.deadline
