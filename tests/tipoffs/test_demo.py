import io
from datetime import timedelta

import pytest
from django.utils import timezone

from tipoffs import demo
from tipoffs.models import Reward, RewardStatus, TipOff
from tipoffs.selectors import rectification_overdue

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_leaves_a_reward_for_the_approver():
    out = io.StringIO()
    demo.seed(out)
    demo.seed(out)
    assert TipOff.objects.filter(number__startswith="JBDEMO-").count() == 6
    reward = Reward.objects.get()
    assert reward.status == RewardStatus.PROPOSED and reward.proposed_by.username == "demo_tipoff_handler"
    assert out.getvalue().count("回执码") == 6


def test_demo_overdue_report_was_not_submitted_today():
    """Issue 13: the seeded overdue report showed 已逾期 although it read as submitted today."""
    demo.seed(io.StringIO())
    overdue = TipOff.objects.get(number="JBDEMO-03")
    assert overdue.is_overdue
    assert timezone.localdate(overdue.created_at) < timezone.localdate() - timedelta(days=60)
    assert overdue.created_at <= overdue.accepted_at
    assert all(e.created_at >= overdue.created_at for e in overdue.events.all())
    for report in TipOff.objects.filter(created_at__date=timezone.localdate()):
        assert not report.is_overdue, report.number


def test_demo_shows_the_hazard_loop():
    demo.seed(io.StringIO())
    assert [o.tipoff.number for o in rectification_overdue()] == ["JBDEMO-06"]
    rectified = TipOff.objects.get(number="JBDEMO-04").rectification_orders.get()
    assert rectified.review_result == "rectified"
    assert TipOff.objects.get(number="JBDEMO-06").get_sector_display() == "建筑施工"
