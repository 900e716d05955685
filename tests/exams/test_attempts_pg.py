"""PostgreSQL: a save that arrives while the submit holds the attempt's row lock waits, then is
refused, so no answer lands after grading. A control run shows the race exists without the lock."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from exams.models import Attempt, AttemptQuestion, AttemptStatus
from exams.services.attempts import AttemptClosedError, _grade, attempt_answer_save, attempt_start
from tests.exams.conftest import _make_bank, _make_blueprint, _make_subject

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def open_attempt(transactional_db, django_user_model):
    bank = _make_bank(code="race", true_false=6, single=4)
    subject = _make_subject(banks=[bank])
    _make_blueprint(subject, rules=(("true_false", 5, 10), ("single", 3, 10)), pass_mark=60)
    user = django_user_model.objects.create_user(username="racer", email="r@example.com", password="pw-12345678")
    return user, attempt_start(user=user, subject=subject)


def _save_in_thread(user, attempt_id, outcome):
    try:
        attempt_answer_save(user=user, attempt_id=attempt_id, position=1, answer_display_letters="A")
        outcome.append("saved")
    except AttemptClosedError:
        outcome.append("refused")
    finally:
        close_old_connections()
        connection.close()


def test_save_waits_for_submit_then_is_refused(open_attempt):
    user, attempt = open_attempt
    outcome: list[str] = []
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)  # what attempt_submit does first
        saver = threading.Thread(target=_save_in_thread, args=(user, attempt.pk, outcome))
        saver.start()
        saver.join(timeout=1.5)
        assert saver.is_alive(), "the save must wait for the submit's row lock"
        _grade(locked, finished_at=locked.started_at + (locked.deadline - locked.started_at) / 2, status="submitted")
    saver.join(timeout=10)
    assert outcome == ["refused"]
    item = AttemptQuestion.objects.get(attempt=attempt, position=1)
    assert item.answer == ""
    assert item.is_correct is False
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.SUBMITTED


def test_control_without_the_lock_the_save_lands_after_grading(open_attempt):
    """The same interleaving with the save's check done by a plain read (no row lock): the check
    passes before the submit commits, and the answer is written after grading — the race the lock
    in ``attempt_answer_save`` prevents."""
    _user, attempt = open_attempt
    checked, graded = threading.Event(), threading.Event()
    outcome: list[str] = []

    def unlocked_save():
        try:
            with transaction.atomic():
                open_item = (
                    AttemptQuestion.objects.filter(attempt_id=attempt.pk, position=1, attempt__status="in_progress")
                    .values_list("pk", flat=True)
                    .first()
                )
                checked.set()
                graded.wait(timeout=10)
                if open_item:
                    AttemptQuestion.objects.filter(pk=open_item).update(answer="A")
                    outcome.append("saved")
        finally:
            connection.close()

    saver = threading.Thread(target=unlocked_save)
    saver.start()
    assert checked.wait(timeout=10)
    with transaction.atomic():
        unlocked = Attempt.objects.get(pk=attempt.pk)
        _grade(unlocked, finished_at=unlocked.started_at, status="submitted")
    graded.set()
    saver.join(timeout=10)
    assert outcome == ["saved"]
    item = AttemptQuestion.objects.get(attempt=attempt, position=1)
    assert (item.answer, item.is_correct) == ("A", False)  # an answer the grade never saw
