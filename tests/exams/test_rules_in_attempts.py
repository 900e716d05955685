"""Issue 9: the exam rule in force at an attempt's start gives its full marks, pass mark and duration."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from exams.errors import ExamError
from exams.services.attempts import attempt_start
from exams.services.blueprints import RuleData, blueprint_create

pytestmark = pytest.mark.django_db

BEIJING = timezone.get_fixed_timezone(8 * 60)


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(username="learner", email="l@example.com", password="pw-12345678")


@pytest.fixture
def real_paper(make_bank, make_subject, make_rule):
    """The statutory 特种作业 paper, 70 判断 + 30 单选 × 1 point = 100, under the 2024 general rule."""
    bank = make_bank(code="lv", true_false=80, single=40)
    subject = make_subject(banks=[bank])
    make_rule(None, effective_from=datetime.date(2024, 1, 1), full_marks=100, pass_mark=80, duration_minutes=120)
    blueprint = blueprint_create(
        subject=subject,
        name="低压电工理论",
        rules=[RuleData("true_false", 70), RuleData("single", 30)],
        effective_from=datetime.date(2024, 1, 1),
    )
    return subject, blueprint


def _start_on(day: datetime.date, learner, subject):
    moment = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=BEIJING)
    with time_machine.travel(moment, tick=False):
        return attempt_start(user=learner, subject=subject)


def test_a_new_rule_from_2026_06_01_governs_attempts_started_that_day(real_paper, make_rule, learner, other_learner):
    subject, _blueprint = real_paper
    make_rule(subject, effective_from=datetime.date(2026, 6, 1), full_marks=100, pass_mark=90, duration_minutes=90)

    before = _start_on(datetime.date(2026, 5, 31), learner, subject)
    assert (before.pass_mark, before.max_score) == (80, 100)
    assert before.deadline - before.started_at == datetime.timedelta(minutes=120)
    assert before.exam_rule.effective_from == datetime.date(2024, 1, 1)

    on_the_day = _start_on(datetime.date(2026, 6, 1), other_learner, subject)
    assert (on_the_day.pass_mark, on_the_day.max_score) == (90, 100)
    assert on_the_day.deadline - on_the_day.started_at == datetime.timedelta(minutes=90)
    assert on_the_day.items.count() == 100


def test_a_blueprint_that_no_longer_matches_the_rule_is_refused_at_draw(real_paper, make_rule, learner):
    subject, _blueprint = real_paper
    make_rule(subject, effective_from=datetime.date(2026, 6, 1), full_marks=120, pass_mark=96)
    assert _start_on(datetime.date(2026, 5, 31), learner, subject).max_score == 100
    with pytest.raises(ExamError) as excinfo:
        _start_on(datetime.date(2026, 6, 2), learner, subject)
    assert "合计 100 分，与现行考试规则的满分 120 分不一致" in excinfo.value.message


def test_with_no_rule_seeded_the_statutory_defaults_apply(make_bank, make_subject, learner):
    bank = make_bank(code="tiny", true_false=10)
    subject = make_subject(banks=[bank])
    blueprint_create(
        subject=subject, name="x", rules=[RuleData("true_false", 10, 10)], effective_from=datetime.date(2024, 1, 1)
    )
    attempt = _start_on(datetime.date(2026, 3, 2), learner, subject)
    assert (attempt.pass_mark, attempt.max_score, attempt.exam_rule) == (80, 100, None)
    assert attempt.deadline - attempt.started_at == datetime.timedelta(minutes=120)


@pytest.fixture
def other_learner(django_user_model):
    return django_user_model.objects.create_user(username="other", email="o@example.com", password="pw-12345678")
