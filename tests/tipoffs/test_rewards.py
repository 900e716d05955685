from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from tipoffs import services
from tipoffs.crypto import decrypt_json
from tipoffs.errors import TipOffError
from tipoffs.models import AccidentGrade, Category, Finding, Reward, RewardStatus, SplitMode

from .helpers import approver, handler, real_name, submit

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 1)


def compute(category=Category.MAJOR_HAZARD, fine=None, deaths=None, grade=""):
    _, amount, _ = services.reward_compute(
        category=category, fine_amount=fine, concealed_deaths=deaths, accident_grade=grade, on=TODAY
    )
    return amount


@pytest.mark.parametrize(
    ("fine", "expected"),
    [
        ("10000", "3000.00"),  # 15% = 1,500, raised to the ¥3,000 minimum
        ("20000", "3000.00"),
        ("20001", "3000.15"),
        ("100000", "15000.00"),
        ("2000000", "300000.00"),
        ("5000000", "300000.00"),  # 15% = 750,000, capped at ¥300,000
    ],
)
def test_fine_based_reward(fine, expected):
    assert compute(fine=Decimal(fine)) == Decimal(expected)


def test_no_fine_means_no_fine_based_reward():
    with pytest.raises(TipOffError, match="未处以罚款"):
        compute(fine=Decimal("0"))
    with pytest.raises(TipOffError, match="未处以罚款"):
        compute(fine=None)


PER_DEATH = {
    AccidentGrade.GENERAL: 30000,
    AccidentGrade.LARGER: 40000,
    AccidentGrade.MAJOR: 50000,
    AccidentGrade.EXTRAORDINARY: 60000,
}


@pytest.mark.parametrize(
    ("grade", "deaths"),
    [
        (AccidentGrade.GENERAL, 1),
        (AccidentGrade.GENERAL, 2),
        (AccidentGrade.LARGER, 3),
        (AccidentGrade.LARGER, 7),
        (AccidentGrade.LARGER, 9),
        (AccidentGrade.MAJOR, 10),
        (AccidentGrade.MAJOR, 29),
        (AccidentGrade.EXTRAORDINARY, 30),
    ],
)
def test_concealed_death_reward_per_grade_with_cap(grade, deaths):
    expected = min(PER_DEATH[grade] * deaths, 300000)
    assert compute(Category.CONCEALED_ACCIDENT, deaths=deaths, grade=grade) == Decimal(expected)


def test_concealed_accident_needs_deaths_and_grade():
    with pytest.raises(TipOffError, match="死亡人数"):
        compute(Category.CONCEALED_ACCIDENT, deaths=0, grade=AccidentGrade.GENERAL)


def test_rule_table_is_effective_dated():
    with pytest.raises(TipOffError, match="没有在该日期生效"):
        services.reward_compute(
            category=Category.MAJOR_HAZARD,
            fine_amount=Decimal(1000),
            concealed_deaths=None,
            accident_grade="",
            on=date(2017, 12, 31),
        )


@settings(max_examples=60, deadline=None)
@given(fine=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000000"), places=2))
def test_fine_reward_always_within_bounds(fine):
    amount = compute(fine=fine)
    assert Decimal(3000) <= amount <= Decimal(300000)


def concluded(*, identity=None, fine="50000", staff=None, **kwargs):
    staff = staff or handler()
    tipoff, code = submit(identity=identity if identity is not None else real_name(), **kwargs)
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    services.tipoff_verify_start(tipoff=tipoff, actor=staff)
    tipoff = services.tipoff_conclude(
        tipoff=tipoff,
        actor=staff,
        finding=Finding.SUBSTANTIATED,
        outcome_public="属实，已处罚。",
        fine_amount=Decimal(fine),
    )
    return tipoff, staff, code


def test_proposal_adjustment_bounds_and_reason():
    tipoff, staff, _ = concluded(fine="50000")
    with pytest.raises(TipOffError, match="之间"):
        services.reward_propose(tipoff=tipoff, actor=staff, amount=Decimal("2000"), adjustment_reason="少给")
    with pytest.raises(TipOffError, match="调整理由"):
        services.reward_propose(tipoff=tipoff, actor=staff, amount=Decimal("9000"))
    reward = services.reward_propose(tipoff=tipoff, actor=staff, amount=Decimal("9000"), adjustment_reason="线索关键")
    assert reward.computed_amount == Decimal("7500.00") and reward.amount == Decimal("9000.00")
    assert reward.status == RewardStatus.PROPOSED
    with pytest.raises(TipOffError, match="已有奖励"):
        services.reward_propose(tipoff=tipoff, actor=staff)


def test_anonymous_and_unsubstantiated_reports_get_no_reward():
    tipoff, staff, _ = concluded(identity={})
    with pytest.raises(TipOffError, match="实名举报人"):
        services.reward_propose(tipoff=tipoff, actor=staff)


def test_four_eyes_approval_by_service_and_by_database():
    tipoff, staff, _ = concluded()
    lead = approver()
    lead.groups.add(*staff.groups.all())
    from accounts.models import User

    lead = User.objects.get(pk=lead.pk)
    services.tipoff_assign(tipoff=tipoff, assignee=lead, actor=lead)
    reward = services.reward_propose(tipoff=tipoff, actor=lead)
    with pytest.raises(TipOffError, match="不能审批自己"):
        services.reward_approve(reward=reward, actor=lead)
    with pytest.raises(TipOffError, match="不能审批自己"):
        services.reward_reject(reward=reward, actor=lead, reason="自己退回")
    from edu_platform.audit import audit_entries_for

    attempts = audit_entries_for(tipoff).filter(action="tipoffs.reward.self_review_refused")
    assert sorted(e.data["attempted"] for e in attempts) == ["approve", "reject"]
    assert {e.actor for e in attempts} == {lead}
    with pytest.raises(TipOffError, match="奖励审批人"):
        services.reward_approve(reward=reward, actor=staff)  # a handler holds no approval permission
    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.filter(pk=reward.pk).update(approved_by=lead)
    other = approver("approver2")
    reward = services.reward_approve(reward=reward, actor=other)
    assert reward.status == RewardStatus.NOTIFIED and reward.approved_by == other


def test_first_valid_real_name_report_of_a_matter_is_the_one_rewarded():
    staff = handler()
    anonymous_first, _, _ = concluded(identity={}, staff=staff)
    real_first, _, _ = concluded(staff=staff)
    real_second, _, _ = concluded(identity=real_name(name="赵六"), staff=staff)
    services.tipoff_link_matter(tipoff=real_first, first=anonymous_first, actor=staff)
    services.tipoff_link_matter(tipoff=real_second, first=anonymous_first, actor=staff)
    with pytest.raises(TipOffError, match=real_first.number):
        services.reward_propose(tipoff=real_second, actor=staff)
    assert services.reward_propose(tipoff=real_first, actor=staff).amount == Decimal("7500.00")


def test_notice_claim_payment_and_ledger_flow(client):
    tipoff, staff, code = concluded(fine="100000")
    lead = approver()
    reward = services.reward_propose(tipoff=tipoff, actor=staff)
    reward = services.reward_approve(reward=reward, actor=lead)
    page = client.post("/tipoffs/follow/", {"code": code})
    html = page.content.decode()
    assert "¥15000.00" in html and "申领奖励" in html
    client.post(
        "/tipoffs/follow/", {"code": code, "action": "claim", "reward": reward.pk, "nonce": page.context["nonce"]}
    )
    reward.refresh_from_db()
    assert reward.claim_requested_at is not None
    with pytest.raises(TipOffError, match="核验"):
        services.reward_claim_record(reward=reward, actor=staff, identity_checked=False)
    reward = services.reward_claim_record(reward=reward, actor=staff, identity_checked=True)
    with pytest.raises(TipOffError, match="一致"):
        services.reward_pay(
            reward=reward, actor=lead, paid_at=timezone.localdate(), paid_amount=Decimal(1), voucher_number="X"
        )
    with pytest.raises(TipOffError, match="奖励审批人"):
        services.reward_pay(
            reward=reward, actor=staff, paid_at=timezone.localdate(), paid_amount=reward.amount, voucher_number="记-001"
        )
    reward = services.reward_pay(
        reward=reward, actor=lead, paid_at=timezone.localdate(), paid_amount=reward.amount, voucher_number="记-001"
    )
    assert reward.status == RewardStatus.PAID and reward.voucher_number == "记-001"


def test_claim_deadline_is_60_days_after_notice():
    tipoff, staff, _ = concluded()
    lead = approver()
    reward = services.reward_propose(tipoff=tipoff, actor=staff)
    reward = services.reward_approve(reward=reward, actor=lead)
    assert reward.claim_deadline - reward.notified_at == timedelta(days=60)
    with time_machine.travel(reward.claim_deadline + timedelta(minutes=1)):
        with pytest.raises(TipOffError, match="申领期限"):
            services.reward_claim_request(reward=reward)
        reward.refresh_from_db()
        assert reward.status == RewardStatus.EXPIRED
    # an expired reward frees the report for a fresh proposal (e.g. after an appeal), history kept
    assert Reward.objects.filter(tipoff=tipoff).count() == 1


def test_joint_reporters_split_equally():
    tipoff, staff, _ = concluded(fine="100000")
    reward = services.reward_propose(tipoff=tipoff, actor=staff, joint_payees=["张三", "李四", "王五"])
    shares = list(reward.shares.all())
    assert reward.split_mode == SplitMode.EQUAL
    assert [s.amount for s in shares] == [Decimal("5000.00")] * 3
    assert [decrypt_json(s.payee_ciphertext)["name"] for s in shares] == ["张三", "李四", "王五"]


def test_uneven_split_gives_the_cent_remainder_to_the_first_payee():
    tipoff, staff, _ = concluded(fine="20001")
    reward = services.reward_propose(tipoff=tipoff, actor=staff, joint_payees=["甲", "乙"])
    assert sorted(s.amount for s in reward.shares.all()) == [Decimal("1500.07"), Decimal("1500.08")]
    assert sum(s.amount for s in reward.shares.all()) == reward.amount


def test_database_refuses_a_second_live_reward_for_one_report():
    tipoff, staff, _ = concluded()
    reward = services.reward_propose(tipoff=tipoff, actor=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.create(
            tipoff=tipoff,
            rule=reward.rule,
            computed_amount=reward.amount,
            amount=reward.amount,
            proposed_by=staff,
        )
    services.reward_reject(reward=reward, actor=approver(), reason="罚款决定被撤销")
    assert services.reward_propose(tipoff=tipoff, actor=staff).status == RewardStatus.PROPOSED
