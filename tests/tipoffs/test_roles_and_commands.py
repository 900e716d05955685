import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from tipoffs import services
from tipoffs.crypto import ALPHABET, CODE_LENGTH, receipt_code_display, receipt_code_normalise
from tipoffs.models import RewardStatus

from .helpers import approver, handler
from .test_rewards import concluded


@given(st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH), st.sampled_from(["", " ", "-", "  "]))
def test_any_code_survives_grouping_lower_case_and_separators(code, sep):
    typed = sep.join(receipt_code_display(code).split(" ")).lower()
    assert receipt_code_normalise(typed) == code


@pytest.mark.django_db
def test_roles_keep_handling_and_approval_apart():
    staff, lead = handler(), approver()
    assert staff.has_perm("tipoffs.handle_tipoff") and not staff.has_perm("tipoffs.approve_reward")
    assert not staff.has_perm("tipoffs.lead_tipoff")
    assert lead.has_perm("tipoffs.approve_reward") and lead.has_perm("tipoffs.lead_tipoff")
    assert not lead.has_perm("tipoffs.handle_tipoff")


@pytest.mark.django_db
def test_expire_command_marks_unclaimed_rewards():
    tipoff, staff, _ = concluded()
    reward = services.reward_propose(tipoff=tipoff, actor=staff)
    reward = services.reward_approve(reward=reward, actor=approver())
    out = io.StringIO()
    call_command("tipoffs_expire_rewards", stdout=out)
    reward.refresh_from_db()
    assert reward.status == RewardStatus.NOTIFIED
    with time_machine.travel(reward.claim_deadline + timedelta(seconds=1)):
        call_command("tipoffs_expire_rewards", stdout=out)
    reward.refresh_from_db()
    assert reward.status == RewardStatus.EXPIRED and "1" in out.getvalue()
