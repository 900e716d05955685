"""Issue 10, rewards: each finding reproduced as it was reported, and refused now."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from edu_platform.audit import audit_entries_for
from tipoffs import services
from tipoffs.errors import TipOffError
from tipoffs.models import AccidentGrade, Category, Finding, Reward, RewardStatus, TipOff

from .helpers import approver, handler, real_name, submit

pytestmark = pytest.mark.django_db


def _to_verifying(staff, **kwargs):
    tipoff, _ = submit(identity=kwargs.pop("identity", None) or real_name(), **kwargs)
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    return services.tipoff_verify_start(tipoff=tipoff, actor=staff)


def _conclude(tipoff, staff, fine="100000", **kwargs):
    return services.tipoff_conclude(
        tipoff=tipoff,
        actor=staff,
        finding=kwargs.pop("finding", Finding.SUBSTANTIATED),
        outcome_public="属实，已处罚。",
        fine_amount=Decimal(fine) if fine is not None else None,
        **kwargs,
    )


# --- one reward per matter ------------------------------------------------------------------------


def test_a_later_duplicate_concluded_first_does_not_let_the_matter_be_rewarded_twice():
    staff = handler()
    first = _to_verifying(staff, identity=real_name(name="先报人"))
    later = _to_verifying(staff, identity=real_name(name="后报人"))
    services.tipoff_link_matter(tipoff=later, first=first, actor=staff)
    later = _conclude(TipOff.objects.get(pk=later.pk), staff)
    # Today's code rewarded the later report here, then the first one too.
    with pytest.raises(TipOffError, match=f"更早的实名举报 {first.number} 尚在办理"):
        services.reward_propose(tipoff=later, actor=staff)
    first = _conclude(TipOff.objects.get(pk=first.pk), staff)
    reward = services.reward_propose(tipoff=first, actor=staff)
    assert reward.matter_id == first.pk
    with pytest.raises(TipOffError, match="同一事项"):
        services.reward_propose(tipoff=later, actor=staff)
    assert Reward.objects.count() == 1


def test_when_the_first_report_proves_unsubstantiated_the_next_real_name_report_is_rewarded():
    staff = handler()
    first = _to_verifying(staff)
    later = _to_verifying(staff, identity=real_name(name="后报人"))
    services.tipoff_link_matter(tipoff=later, first=first, actor=staff)
    _conclude(TipOff.objects.get(pk=first.pk), staff, finding=Finding.UNSUBSTANTIATED, fine=None)
    later = _conclude(TipOff.objects.get(pk=later.pk), staff)
    assert services.reward_propose(tipoff=later, actor=staff).matter_id == first.pk


def test_database_holds_one_reward_per_matter():
    staff = handler()
    first = _conclude(_to_verifying(staff), staff)
    later = _conclude(_to_verifying(staff, identity=real_name(name="后报人")), staff)
    reward = services.reward_propose(tipoff=first, actor=staff)
    services.tipoff_link_matter(tipoff=later, first=first, actor=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.create(
            tipoff=later, matter=first, rule=reward.rule, computed_amount=1, amount=1, proposed_by=staff
        )


def test_a_rewarded_report_keeps_its_matter():
    staff = handler()
    rewarded = _conclude(_to_verifying(staff), staff)
    other = _conclude(_to_verifying(staff, identity=real_name(name="另一人")), staff)
    services.reward_propose(tipoff=rewarded, actor=staff)
    with pytest.raises(TipOffError, match="已有奖励记录"):
        services.tipoff_link_matter(tipoff=rewarded, first=other, actor=staff)
    assert TipOff.objects.get(pk=rewarded.pk).matter_id is None


# --- an expired reward is final -------------------------------------------------------------------


def _expired_reward():
    staff, lead = handler(), approver()
    tipoff = _conclude(_to_verifying(staff), staff)
    reward = services.reward_approve(reward=services.reward_propose(tipoff=tipoff, actor=staff), actor=lead)
    with time_machine.travel(reward.claim_deadline + timedelta(minutes=1)):
        assert services.reward_expire_overdue() == 1
    reward.refresh_from_db()
    return reward, staff, lead


def test_an_expired_reward_cannot_be_proposed_again():
    reward, staff, _ = _expired_reward()
    # Today's code accepted a fresh proposal here, restarting the 60-day claim window.
    with pytest.raises(TipOffError, match="逾期即为最终结果"):
        services.reward_propose(tipoff=reward.tipoff, actor=staff)
    assert Reward.objects.count() == 1


def test_reopen_is_four_eyes_with_a_reason_and_every_refusal_is_audited():
    reward, staff, lead = _expired_reward()
    proposer_approver = approver("approver_who_proposed")
    Reward.objects.filter(pk=reward.pk).update(proposed_by=proposer_approver)
    with pytest.raises(TipOffError, match="不能重新开放自己提出"):
        services.reward_reopen(reward=reward, actor=proposer_approver, reason="我想重开")
    with pytest.raises(TipOffError, match="奖励审批人"):
        services.reward_reopen(reward=reward, actor=staff, reason="承办人想重开")
    with pytest.raises(TipOffError, match="理由"):
        services.reward_reopen(reward=reward, actor=lead, reason=" ")
    refused = audit_entries_for(reward.tipoff).filter(action="tipoffs.reward.reopen_refused")
    assert [e.actor for e in refused.order_by("pk")] == [proposer_approver, staff, lead]
    reward.refresh_from_db()
    assert reward.status == RewardStatus.EXPIRED
    reward = services.reward_reopen(reward=reward, actor=lead, reason="举报人住院，持证明申请")
    assert reward.status == RewardStatus.NOTIFIED and reward.reopened_by == lead
    assert reward.claim_deadline - reward.reopened_at == timedelta(days=60)
    entry = audit_entries_for(reward.tipoff).get(action="tipoffs.reward.reopened")
    assert entry.actor == lead and entry.data["reason"] == "举报人住院，持证明申请"
    assert "重新开放" in reward.tipoff.events.last().public_note
    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.filter(pk=reward.pk).update(reopened_by=proposer_approver)


def test_reopen_from_the_rewards_page(client):
    from .test_admin import login

    reward, _, lead = _expired_reward()
    login(client, lead)
    html = client.get("/admin/tipoffs/rewards/").content.decode()
    assert "重新开放申领" in html
    client.post(f"/admin/tipoffs/rewards/{reward.pk}/act/reopen/", {"reason": "邮寄通知退回"})
    reward.refresh_from_db()
    assert reward.status == RewardStatus.NOTIFIED and reward.reopen_reason == "邮寄通知退回"


# --- adjustment bounds ----------------------------------------------------------------------------


def test_adjustment_stays_within_the_rules_range_of_the_computed_amount():
    staff = handler()
    tipoff = _conclude(_to_verifying(staff), staff, fine="100000")  # 15% → ¥15,000
    # Today's code accepted ¥20,000 (anything between the rule's ¥3,000 and ¥300,000).
    with pytest.raises(TipOffError) as refused:
        services.reward_propose(tipoff=tipoff, actor=staff, amount=Decimal("20000"), adjustment_reason="线索关键")
    assert "¥12000.00 至 ¥18000.00" in refused.value.message and refused.value.field == "amount"
    reward = services.reward_propose(tipoff=tipoff, actor=staff, amount=Decimal("18000"), adjustment_reason="线索关键")
    assert reward.amount == Decimal("18000.00")


def test_a_cent_on_a_three_death_concealed_accident_is_refused():
    staff = handler()
    tipoff = _to_verifying(staff, category=Category.CONCEALED_ACCIDENT)
    tipoff = _conclude(tipoff, staff, fine=None, concealed_deaths=3, accident_grade=AccidentGrade.LARGER)
    with pytest.raises(TipOffError) as refused:
        services.reward_propose(tipoff=tipoff, actor=staff, amount=Decimal("0.01"), adjustment_reason="少给")
    # 3 × ¥40,000 = ¥120,000; ±20% → ¥96,000 to ¥144,000
    assert "¥96000.00 至 ¥144000.00" in refused.value.message
    assert services.reward_propose(tipoff=tipoff, actor=staff).amount == Decimal("120000.00")


def test_the_range_is_rule_data():
    lead = approver()
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.reward_rule_create(
        kind="fine_percentage",
        effective_from=tomorrow,
        percentage=Decimal(15),
        min_amount=Decimal(3000),
        max_amount=Decimal(300000),
        adjustment_percent=Decimal(50),
        actor=lead,
    )
    staff = handler()
    tipoff = _to_verifying(staff)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        tipoff = _conclude(tipoff, staff, fine="100000")
        reward = services.reward_propose(
            tipoff=tipoff, actor=staff, amount=Decimal("22500"), adjustment_reason="按新标准上浮"
        )
    assert reward.rule.adjustment_percent == Decimal(50)


# --- accident grade and death count ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "deaths", "ok"),
    [
        (AccidentGrade.GENERAL, 2, True),
        (AccidentGrade.GENERAL, 3, False),
        (AccidentGrade.LARGER, 2, False),
        (AccidentGrade.LARGER, 9, True),
        (AccidentGrade.LARGER, 10, False),
        (AccidentGrade.MAJOR, 29, True),
        (AccidentGrade.MAJOR, 30, False),
        (AccidentGrade.EXTRAORDINARY, 29, False),
        (AccidentGrade.EXTRAORDINARY, 30, True),
    ],
)
def test_grade_must_agree_with_the_death_count(grade, deaths, ok):
    staff = handler()
    tipoff = _to_verifying(staff, category=Category.CONCEALED_ACCIDENT)
    if ok:
        assert _conclude(tipoff, staff, fine=None, concealed_deaths=deaths, accident_grade=grade).accident_grade
        return
    with pytest.raises(TipOffError, match="事故等级与死亡人数不符"):
        _conclude(tipoff, staff, fine=None, concealed_deaths=deaths, accident_grade=grade)
    assert TipOff.objects.get(pk=tipoff.pk).status == "verifying"  # nothing half-saved


def test_total_deaths_set_the_grade_and_bound_the_concealed_ones():
    staff = handler()
    tipoff = _to_verifying(staff, category=Category.CONCEALED_ACCIDENT)
    with pytest.raises(TipOffError, match="不能多于事故死亡总人数"):
        _conclude(tipoff, staff, fine=None, concealed_deaths=4, accident_deaths=3, accident_grade="larger")
    # 2 concealed of 5 deaths: a 较大 accident, rewarded per concealed death at the 较大 rate.
    tipoff = _conclude(tipoff, staff, fine=None, concealed_deaths=2, accident_deaths=5, accident_grade="larger")
    assert services.reward_propose(tipoff=tipoff, actor=staff).amount == Decimal("80000.00")


def test_reward_compute_refuses_a_mismatched_grade():
    with pytest.raises(TipOffError, match="不符"):
        services.reward_compute(
            category=Category.CONCEALED_ACCIDENT,
            fine_amount=None,
            concealed_deaths=3,
            accident_grade=AccidentGrade.GENERAL,
            on=timezone.localdate(),
        )
