"""Handling, extension and claim periods as dated rule data (issue 9), and deadlines as local days
(issue 13: a report must never read 已逾期 before its deadline day is over in Asia/Shanghai)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tipoffs import services
from tipoffs.errors import TipOffError
from tipoffs.models import Finding, HandlingRule
from tipoffs.selectors import tipoff_inbox

from .helpers import approver, handler, real_name, submit

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _rule_from(day: date, handling=45, extension=15, claim=90):
    with time_machine.travel(datetime(day.year, day.month, day.day, 1, 0, tzinfo=SHANGHAI), tick=False):
        return services.handling_rule_create(
            effective_from=day,
            handling_days=handling,
            max_extension_days=extension,
            claim_days=claim,
            actor=approver(f"rule_author_{day:%Y%m%d}"),
        )


def test_services_read_the_periods_in_force_at_acceptance_and_notice():
    new_rule_day = date(2027, 3, 1)
    _rule_from(new_rule_day)
    staff, lead = handler(), approver()
    with time_machine.travel(datetime(2027, 2, 28, 10, 0, tzinfo=SHANGHAI), tick=False):
        before, _ = submit(identity=real_name())
        before = services.tipoff_accept(tipoff=before, actor=staff)
    with time_machine.travel(datetime(2027, 3, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        after, _ = submit()
        after = services.tipoff_accept(tipoff=after, actor=staff)
        # the report accepted under the old rule keeps its 30-day extension ceiling
        services.tipoff_extension_request(tipoff=before, actor=staff, days=30, reason="需要检测")
        with pytest.raises(TipOffError, match="1 至 15 天"):
            services.tipoff_extension_request(tipoff=after, actor=staff, days=16, reason="需要检测")
        services.tipoff_verify_start(tipoff=before, actor=staff)
        before = services.tipoff_conclude(
            tipoff=before,
            actor=staff,
            finding=Finding.SUBSTANTIATED,
            outcome_public="属实",
            fine_amount=Decimal(100000),
        )
        reward = services.reward_approve(reward=services.reward_propose(tipoff=before, actor=staff), actor=lead)
    assert before.due_at - before.accepted_at == timedelta(days=60)
    assert after.due_at - after.accepted_at == timedelta(days=45)
    assert reward.claim_deadline - reward.notified_at == timedelta(days=90)  # notice under the new rule


def test_rules_are_add_only_once_in_force():
    with pytest.raises(TipOffError, match="不能早于今天"):
        services.handling_rule_create(
            effective_from=date(2020, 1, 1), handling_days=30, max_extension_days=10, claim_days=30, actor=approver()
        )
    assert HandlingRule.objects.count() == 1  # the seeded 60 / 30 / 60 row


def test_handling_rule_admin_adds_and_never_edits(client):
    from .test_admin import login

    login(client, approver())
    response = client.post(
        "/admin/tipoffs_handlingrule/new/",
        {"effective_from": "2020-01-01", "handling_days": 30, "max_extension_days": 10, "claim_days": 30},
    )
    assert "不能早于今天" in response.content.decode()
    seeded = HandlingRule.objects.get()
    assert client.get(f"/admin/tipoffs_handlingrule/edit/{seeded.pk}/").status_code == 302
    assert "60" in client.get("/admin/tipoffs_handlingrule/").content.decode()


def test_the_deadline_is_a_local_day():
    """Accepted 2026-03-01 20:30 in Yunmeng (12:30 UTC): due 2026-04-30, overdue from 2026-05-01 00:00 local.

    Today's code flagged it 已逾期 at 20:31 on 2026-04-30, the day the deadline shows."""
    staff = handler()
    with time_machine.travel(datetime(2026, 3, 1, 12, 30, tzinfo=UTC), tick=False):
        tipoff, _ = submit()
        tipoff = services.tipoff_accept(tipoff=tipoff, actor=staff)
    with time_machine.travel(datetime(2026, 4, 30, 23, 59, tzinfo=SHANGHAI), tick=False):
        tipoff.refresh_from_db()
        assert not tipoff.is_overdue and tipoff.is_soon_due
        assert list(tipoff_inbox(staff, due="overdue")) == []
    with time_machine.travel(datetime(2026, 5, 1, 0, 1, tzinfo=SHANGHAI), tick=False):
        tipoff.refresh_from_db()
        assert tipoff.is_overdue
        assert list(tipoff_inbox(staff, due="overdue")) == [tipoff]


def test_a_report_submitted_today_is_not_overdue_in_the_inbox(client):
    from .test_admin import login

    staff = login(client, handler())
    with time_machine.travel(datetime(2026, 6, 1, 23, 50, tzinfo=SHANGHAI), tick=True):
        tipoff, _ = submit(place_name="今天的举报")
        services.tipoff_accept(tipoff=tipoff, actor=staff)
        html = client.get("/admin/tipoffs/").content.decode()
        row = html[html.index("今天的举报") :].split("</tr>")[0]
        assert "已逾期" not in row and "即将到期" not in row
