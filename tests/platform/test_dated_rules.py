"""The shared add-only policy of dated rule rows (edu_platform.dated_rules), on a real rule table."""

import datetime

import pytest
import time_machine
from django.utils import translation

from edu_platform.dated_rules import (
    RULE_WORDING,
    STANDARD_WORDING,
    in_force_message,
    rule_add,
    rule_correct,
    rule_guard_start,
    rule_in_force,
    rule_withdraw,
)
from edu_platform.errors import DomainError
from edu_platform.models import AuditLogEntry
from exams.models import ExamRule

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
D = datetime.date


class RuleError(DomainError):
    pass


def _add(effective_from, **values):
    return rule_add(
        ExamRule(subject=None, effective_from=effective_from, **values),
        error=RuleError,
        actor=None,
        action="exams.rule.created",
        audit_data=lambda rule: {"effective_from": str(rule.effective_from)},
    )


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


def test_a_rule_is_in_force_from_its_date_on_and_an_unsaved_one_never():
    rule = _add(TODAY)
    assert rule_in_force(rule)
    assert not rule_in_force(rule, D(2026, 3, 1))
    assert not rule_in_force(ExamRule(effective_from=D(2020, 1, 1)))


def test_a_new_rule_starts_today_or_later():
    with pytest.raises(RuleError) as refused:
        _add(D(2026, 3, 1))
    assert refused.value.field == "effective_from"
    assert "生效日期不能早于今天（2026-03-02）" in refused.value.message
    assert not ExamRule.objects.exists()
    _add(TODAY)
    with pytest.raises(RuleError):  # a correction that must land after today
        rule_guard_start(TODAY, error=RuleError, strictly_later=True)
    assert [entry.action for entry in AuditLogEntry.objects.all()] == ["exams.rule.created"]


def test_only_a_future_rule_is_corrected_or_withdrawn_and_never_moved_into_the_past():
    current, future = _add(TODAY, pass_mark=80), _add(D(2026, 6, 1), pass_mark=90)
    kwargs = {"error": RuleError, "actor": None, "audit_data": lambda rule: {}, "wording": STANDARD_WORDING}
    with pytest.raises(RuleError, match="该标准已于 2026-03-02 生效，不能修改或删除"):
        rule_correct(current, values={"pass_mark": 60}, action="exams.rule.changed", **kwargs)
    with pytest.raises(RuleError, match="已于 2026-03-02 生效"):
        rule_withdraw(current, action="exams.rule.deleted", **kwargs)
    with pytest.raises(RuleError, match="生效日期不能早于今天"):
        rule_correct(future, values={"effective_from": D(2026, 1, 1)}, action="exams.rule.changed", **kwargs)
    corrected = rule_correct(future, values={"pass_mark": 85}, action="exams.rule.changed", **kwargs)
    assert corrected.pass_mark == 85
    rule_withdraw(future, action="exams.rule.deleted", **kwargs)
    current.refresh_from_db()
    assert current.pass_mark == 80
    assert list(ExamRule.objects.all()) == [current]
    actions = list(AuditLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["exams.rule.created"] * 2 + ["exams.rule.changed", "exams.rule.deleted"]


def test_a_second_row_on_a_date_that_slips_past_the_checks_is_refused_on_the_date():
    _add(D(2026, 6, 1))
    with pytest.raises(RuleError, match="该日期已有一条规则") as refused:
        _add(D(2026, 6, 1))  # no check given: the database's unique constraint answers
    assert refused.value.field == "effective_from"


def test_the_shared_messages_follow_the_active_language():
    rule = ExamRule(effective_from=D(2026, 6, 1))
    assert in_force_message(rule) == RULE_WORDING.in_force % {"date": "2026-06-01"}
    assert "2026-06-01" in in_force_message(rule) and "已生效" in in_force_message(rule)
    with translation.override("en"):
        assert "2026-06-01" in in_force_message(rule, STANDARD_WORDING)
        assert "已生效" not in in_force_message(rule, STANDARD_WORDING)
