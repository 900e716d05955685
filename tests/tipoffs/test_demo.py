import io

import pytest

from tipoffs import demo
from tipoffs.models import Reward, RewardStatus, TipOff

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_leaves_a_reward_for_the_approver():
    out = io.StringIO()
    demo.seed(out)
    demo.seed(out)
    assert TipOff.objects.filter(number__startswith="JBDEMO-").count() == 5
    reward = Reward.objects.get()
    assert reward.status == RewardStatus.PROPOSED and reward.proposed_by.username == "demo_tipoff_handler"
    assert TipOff.objects.get(number="JBDEMO-03").is_overdue
    assert out.getvalue().count("回执码") == 5
