"""Rewards (安全生产领域举报奖励办法, 2018): proposal from the rule table, adjustment within bounds,
four-eyes approval, notice, claim, payment and the claim deadline (60 days, rule data); an expired
reward is final unless another approver reopens it.

A fine of ¥0 yields no fine-based reward: the rule pays "15% of the administrative fine", so with no
fine there is nothing to compute from, and the ¥3,000 floor applies only to reports that led to a fine.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..access import can_work
from ..crypto import decrypt_json, encrypt_json
from ..errors import TipOffError
from ..models import (
    LIVE_EXCLUDED,
    Category,
    Finding,
    Reward,
    RewardRule,
    RewardRuleKind,
    RewardShare,
    RewardStatus,
    SplitMode,
    Status,
    TipOff,
    TipOffEvent,
)
from ..notify import reporter_notify
from .handling import accident_grade_check
from .rules import handling_rule_for, reward_rule_for

CENT = Decimal("0.01")
REWARDABLE_FINDINGS = [Finding.SUBSTANTIATED, Finding.PARTIALLY]
PENDING_STATUSES = [Status.SUBMITTED, Status.ACCEPTED, Status.VERIFYING]


def reward_compute(
    *,
    category: str,
    fine_amount: Decimal | None,
    concealed_deaths: int | None,
    accident_grade: str,
    on: date,
    accident_deaths: int | None = None,
) -> tuple[RewardRule, Decimal, dict]:
    """The amount the rules give (no writes): 15% of the fine within [min, max], or per concealed death."""
    if category == Category.CONCEALED_ACCIDENT:
        if not concealed_deaths or concealed_deaths < 1 or not accident_grade:
            raise TipOffError(_("瞒报谎报事故的奖励需要查实的瞒报谎报死亡人数（至少 1 人）和事故等级。"))
        accident_grade_check(
            grade=accident_grade,
            concealed_deaths=concealed_deaths,
            accident_deaths=accident_deaths,
            on=on,
            required=True,
        )
        rule = reward_rule_for(RewardRuleKind.CONCEALED_DEATH, on, accident_grade)
        amount = min(rule.amount_per_death * concealed_deaths, rule.max_amount)
        inputs = {"concealed_deaths": concealed_deaths, "accident_grade": accident_grade}
        if accident_deaths is not None:
            inputs["accident_deaths"] = accident_deaths
    else:
        if fine_amount is None or fine_amount <= 0:
            raise TipOffError(_("未处以罚款（罚款金额为 0），不适用按罚款比例计算的奖励。"))
        rule = reward_rule_for(RewardRuleKind.FINE_PERCENTAGE, on)
        amount = (fine_amount * rule.percentage / 100).quantize(CENT, ROUND_HALF_UP)
        amount = max(amount, rule.min_amount or CENT)
        amount = min(amount, rule.max_amount)
        inputs = {"fine_amount": str(fine_amount)}
    inputs["rule_id"] = rule.pk
    return rule, amount.quantize(CENT), inputs


def reward_adjustment_range(rule: RewardRule, computed: Decimal) -> tuple[Decimal, Decimal]:
    """The amounts a handler may propose instead of ``computed``: within ±adjustment_percent of it
    and inside the rule's minimum and maximum."""
    spread = rule.adjustment_percent / Decimal(100)
    low = max((computed * (1 - spread)).quantize(CENT, ROUND_HALF_UP), rule.min_amount or CENT)
    high = min((computed * (1 + spread)).quantize(CENT, ROUND_HALF_UP), rule.max_amount)
    return low, high


def _matter_reports(root_id: int):
    return TipOff.objects.filter(Q(pk=root_id) | Q(matter_id=root_id)).order_by("created_at", "pk")


def rewardable_report(tipoff: TipOff) -> TipOff | None:
    """The first valid real-name report of the same matter (the only one rewarded), or None.

    Real-name reports are taken in the order they were made. One still being handled is waited for
    (returned although not yet rewardable), so a later duplicate concluded first cannot take its
    place; one declined or found unsubstantiated is passed over.
    """
    for report in _matter_reports(tipoff.matter_root_id).filter(is_anonymous=False):
        if report.status in PENDING_STATUSES:
            return report
        if report.status in (Status.CONCLUDED, Status.CLOSED) and report.finding in REWARDABLE_FINDINGS:
            return report
    return None


def matter_reward(tipoff: TipOff) -> Reward | None:
    """The matter's reward (any status but rejected), if it has one."""
    return (
        Reward.objects.filter(matter_id=tipoff.matter_root_id)
        .exclude(status__in=LIVE_EXCLUDED)
        .select_related("tipoff")
        .first()
    )


def _split(amount: Decimal, count: int) -> list[Decimal]:
    base = (amount / count).quantize(CENT, rounding="ROUND_DOWN")
    shares = [base] * count
    shares[0] += amount - base * count
    return shares


def _lock_matter(tipoff: TipOff) -> TipOff:
    """Lock the matter's first report and ``tipoff`` (id order, as ``tipoff_link_matter`` does) and
    return ``tipoff`` fresh. Two proposals on one matter, or a proposal racing a re-link, serialise here."""
    while True:
        root_id = TipOff.objects.values_list("matter_id", flat=True).get(pk=tipoff.pk) or tipoff.pk
        rows = TipOff.objects.select_for_update().filter(pk__in={root_id, tipoff.pk}).order_by("pk")
        locked = {t.pk: t for t in rows}
        fresh = locked[tipoff.pk]
        if fresh.matter_root_id == root_id:  # not re-linked while we waited
            return fresh


@transaction.atomic
def reward_propose(
    *,
    tipoff: TipOff,
    actor,
    amount: Decimal | None = None,
    adjustment_reason: str = "",
    joint_payees: list[str] | None = None,
) -> Reward:
    """Propose a reward computed from the rules; a different amount needs a reason and stays in bounds.

    One reward per matter, decided under a lock on the matter's first report: only the first valid
    real-name report of the matter is rewarded, whatever the order its reports are concluded in.
    ``joint_payees`` (names of joint reporters, the reporter first) splits the amount equally;
    otherwise the real-name reporter is the single payee.
    """
    tipoff = _lock_matter(tipoff)
    if not can_work(actor, tipoff):
        raise TipOffError(_("只有该举报的承办人可以提出奖励。"))
    if tipoff.status not in (Status.CONCLUDED, Status.CLOSED) or tipoff.finding not in REWARDABLE_FINDINGS:
        raise TipOffError(_("只有核查属实或部分属实并已办结的举报可以给予奖励。"))
    if tipoff.is_anonymous:
        raise TipOffError(_("奖励只发给实名举报人；匿名举报人可在跟进页面补充实名信息。"))
    existing = matter_reward(tipoff)
    if existing is not None and existing.status == RewardStatus.EXPIRED:
        raise TipOffError(
            _(
                "本事项的奖励（举报 %(n)s）已逾期未申领，逾期即为最终结果，不能重新提出；"
                "确有正当理由的，请奖励审批人重新开放申领。"
            )
            % {"n": existing.tipoff.number}
        )
    if existing is not None:
        if existing.tipoff_id == tipoff.pk:
            raise TipOffError(_("该举报已有奖励记录（%(s)s）。") % {"s": existing.get_status_display()})
        raise TipOffError(
            _("同一事项只奖励一次：举报 %(n)s 已有奖励记录（%(s)s）。")
            % {"n": existing.tipoff.number, "s": existing.get_status_display()}
        )
    first = rewardable_report(tipoff)
    if first is not None and first.pk != tipoff.pk and first.status in PENDING_STATUSES:
        raise TipOffError(_("同一事项更早的实名举报 %(n)s 尚在办理，须待其办结后确定奖励对象。") % {"n": first.number})
    if first is None or first.pk != tipoff.pk:
        raise TipOffError(
            _("同一事项只奖励最先有效实名举报的举报人，本事项应奖励举报 %(n)s。")
            % {"n": first.number if first else "-"}
        )
    rule, computed, inputs = reward_compute(
        category=tipoff.category,
        fine_amount=tipoff.fine_amount,
        concealed_deaths=tipoff.concealed_deaths,
        accident_grade=tipoff.accident_grade,
        accident_deaths=tipoff.accident_deaths,
        on=timezone.localdate(tipoff.concluded_at),
    )
    amount = computed if amount is None else Decimal(amount).quantize(CENT)
    if amount != computed:
        low, high = reward_adjustment_range(rule, computed)
        if not low <= amount <= high:
            raise TipOffError(
                _(
                    "调整后的金额应在 ¥%(low)s 至 ¥%(high)s 之间（按标准计算 ¥%(c)s，上下浮动不超过 %(p)s%%，"
                    "且不超出本标准的最低、最高金额）。"
                )
                % {"low": low, "high": high, "c": computed, "p": rule.adjustment_percent.normalize()},
                field="amount",
            )
        if not adjustment_reason.strip():
            raise TipOffError(
                _("金额与按标准计算的 ¥%(c)s 不同，请填写调整理由。") % {"c": computed}, field="adjustment_reason"
            )
    names = [n.strip() for n in (joint_payees or []) if n.strip()]
    reward = Reward.objects.create(
        tipoff=tipoff,
        matter_id=tipoff.matter_root_id,
        rule=rule,
        inputs=inputs,
        computed_amount=computed,
        amount=amount,
        adjustment_reason=adjustment_reason.strip(),
        proposed_by=actor,
        split_mode=SplitMode.EQUAL if len(names) > 1 else SplitMode.SINGLE,
    )
    if len(names) <= 1:
        names = [decrypt_json(tipoff.identity_ciphertext).get("real_name", "")]
    for name, share in zip(names, _split(amount, len(names)), strict=True):
        RewardShare.objects.create(reward=reward, payee_ciphertext=encrypt_json({"name": name}), amount=share)
    audit_log(
        "tipoffs.reward.proposed",
        target=tipoff,
        actor=actor,
        data={"reward": reward.pk, "computed": str(computed), "amount": str(amount), "payees": len(names)},
    )
    return reward


def _locked_reward(reward: Reward) -> Reward:
    return Reward.objects.select_for_update().select_related("tipoff").get(pk=reward.pk)


def _require_approver(actor) -> None:
    if not actor.has_perm("tipoffs.approve_reward"):
        raise TipOffError(_("只有奖励审批人可以执行此操作。"))


def _refuse_own_proposal(reward: Reward, actor, attempted: str) -> None:
    """The proposer acting on their own proposal: refused, and the attempt stays on record (its own
    transaction, committed although the request fails). ``proposed_by`` never changes, so no lock."""
    if not Reward.objects.filter(pk=reward.pk, proposed_by_id=actor.pk).exists():
        return
    with transaction.atomic():
        audit_log(
            "tipoffs.reward.self_review_refused",
            target=Reward.objects.select_related("tipoff").get(pk=reward.pk).tipoff,
            actor=actor,
            data={"reward": reward.pk, "attempted": attempted},
        )
    raise TipOffError(_("不能审批自己提出的奖励，请由其他审批人审批。"))


def reward_approve(*, reward: Reward, actor) -> Reward:
    """Four-eyes approval (never by the proposer, whose attempt is audited); the reporter is notified
    and the claim period (rule data, 60 days) starts."""
    _refuse_own_proposal(reward, actor, "approve")
    return _reward_approve(reward=reward, actor=actor)


@transaction.atomic
def _reward_approve(*, reward: Reward, actor) -> Reward:
    reward = _locked_reward(reward)
    _require_approver(actor)
    if reward.status != RewardStatus.PROPOSED:
        raise TipOffError(_("只有待审批的奖励可以批准。"))
    if reward.proposed_by_id == actor.pk:
        raise TipOffError(_("不能审批自己提出的奖励，请由其他审批人审批。"))
    now = timezone.now()
    reward.status = RewardStatus.NOTIFIED
    reward.approved_by = actor
    reward.approved_at = now
    reward.notified_at = now
    reward.claim_deadline = now + timedelta(days=handling_rule_for(timezone.localdate(now)).claim_days)
    reward.save()
    TipOffEvent.objects.create(
        tipoff=reward.tipoff,
        status=reward.tipoff.status,
        public_note=_("经审批给予举报奖励 ¥%(a)s，请于 %(d)s 前在本页申领，并携带身份证到县应急管理局核验领取。")
        % {"a": reward.amount, "d": timezone.localdate(reward.claim_deadline).isoformat()},
    )
    reporter_notify(reward.tipoff)
    audit_log("tipoffs.reward.approved", target=reward.tipoff, actor=actor, data={"reward": reward.pk})
    return reward


def reward_reject(*, reward: Reward, actor, reason: str) -> Reward:
    """Another approver turns a proposal down with a reason (the matter may then be proposed again)."""
    _refuse_own_proposal(reward, actor, "reject")
    return _reward_reject(reward=reward, actor=actor, reason=reason)


@transaction.atomic
def _reward_reject(*, reward: Reward, actor, reason: str) -> Reward:
    reward = _locked_reward(reward)
    _require_approver(actor)
    if reward.status != RewardStatus.PROPOSED:
        raise TipOffError(_("只有待审批的奖励可以退回。"))
    if reward.proposed_by_id == actor.pk:
        raise TipOffError(_("不能审批自己提出的奖励，请由其他审批人审批。"))
    if not (reason or "").strip():
        raise TipOffError(_("请填写不批准的理由。"))
    reward.status = RewardStatus.REJECTED
    reward.rejection_reason = reason.strip()
    reward.save(update_fields=["status", "rejection_reason"])
    audit_log("tipoffs.reward.rejected", target=reward.tipoff, actor=actor, data={"reward": reward.pk})
    return reward


def reward_reopen(*, reward: Reward, actor, reason: str) -> Reward:
    """An approver other than the proposer reopens an expired reward with a reason: the reporter
    gets a new claim period (the rule in force today). A refused attempt is audited too."""
    with transaction.atomic():
        reward = _locked_reward(reward)
        refusal = None
        if not actor.has_perm("tipoffs.approve_reward"):
            refusal = _("只有奖励审批人可以重新开放奖励。")
        elif reward.status != RewardStatus.EXPIRED:
            refusal = _("只有逾期未申领的奖励可以重新开放。")
        elif reward.proposed_by_id == actor.pk:
            refusal = _("不能重新开放自己提出的奖励，请由其他审批人处理。")
        elif not (reason or "").strip():
            refusal = _("请填写重新开放的理由（例如举报人因住院未能按期申领）。")
        if refusal is None:
            now = timezone.now()
            reward.status = RewardStatus.NOTIFIED
            reward.notified_at = now
            reward.claim_deadline = now + timedelta(days=handling_rule_for(timezone.localdate(now)).claim_days)
            reward.reopened_by = actor
            reward.reopened_at = now
            reward.reopen_reason = reason.strip()
            reward.save(
                update_fields=["status", "notified_at", "claim_deadline", "reopened_by", "reopened_at", "reopen_reason"]
            )
            TipOffEvent.objects.create(
                tipoff=reward.tipoff,
                status=reward.tipoff.status,
                public_note=_("举报奖励的申领期限经审批重新开放，请于 %(d)s 前在本页申领。")
                % {"d": timezone.localdate(reward.claim_deadline).isoformat()},
            )
            reporter_notify(reward.tipoff)
            audit_log(
                "tipoffs.reward.reopened",
                target=reward.tipoff,
                actor=actor,
                data={"reward": reward.pk, "reason": reward.reopen_reason},
            )
            return reward
        # Committed although the request is refused: attempts to bypass four-eyes stay on record.
        audit_log(
            "tipoffs.reward.reopen_refused",
            target=reward.tipoff,
            actor=actor,
            data={"reward": reward.pk, "refusal": str(refusal)},
        )
    raise TipOffError(refusal, field="reason")


@transaction.atomic
def reward_expire_overdue() -> int:
    """Rewards not claimed within 60 days of the notice expire (command and on access)."""
    due = list(
        Reward.objects.select_for_update()
        .select_related("tipoff")
        .filter(status=RewardStatus.NOTIFIED, claim_requested_at__isnull=True, claim_deadline__lt=timezone.now())
    )
    for reward in due:
        reward.status = RewardStatus.EXPIRED
        reward.save(update_fields=["status"])
        audit_log("tipoffs.reward.expired", target=reward.tipoff, data={"reward": reward.pk})
    return len(due)


def reward_claim_request(*, reward: Reward) -> Reward:
    """The reporter (by receipt code) says they will claim; staff then check identity in person."""
    reward_expire_overdue()  # its own transaction: an expiry stays recorded although we refuse below
    with transaction.atomic():
        reward = _locked_reward(reward)
        if reward.status == RewardStatus.EXPIRED:
            raise TipOffError(_("已超过申领期限（通知后 60 日），奖励不能再申领。"))
        if reward.status != RewardStatus.NOTIFIED:
            raise TipOffError(_("该奖励当前不能申领。"))
        if reward.claim_requested_at is None:
            reward.claim_requested_at = timezone.now()
            reward.save(update_fields=["claim_requested_at"])
            audit_log("tipoffs.reward.claim_requested", target=reward.tipoff, data={"reward": reward.pk})
    return reward


def reward_claim_record(*, reward: Reward, actor, identity_checked: bool) -> Reward:
    """Staff record the in-person claim after checking the ID card against the encrypted identity."""
    reward_expire_overdue()
    with transaction.atomic():
        reward = _locked_reward(reward)
        if not can_work(actor, reward.tipoff) and not actor.has_perm("tipoffs.approve_reward"):
            raise TipOffError(_("您无权登记该奖励的申领。"))
        if not identity_checked:
            raise TipOffError(_("请先当面核验举报人身份证件，并勾选“已核验身份”。"))
        if reward.status == RewardStatus.EXPIRED:
            raise TipOffError(_("已超过申领期限（通知后 60 日），奖励不能再申领。"))
        if reward.status != RewardStatus.NOTIFIED:
            raise TipOffError(_("只有已通知、未申领的奖励可以登记申领。"))
        reward.status = RewardStatus.CLAIMED
        reward.claimed_at = timezone.now()
        reward.claim_checked_by = actor
        reward.save(update_fields=["status", "claimed_at", "claim_checked_by"])
        audit_log("tipoffs.reward.claimed", target=reward.tipoff, actor=actor, data={"reward": reward.pk})
    return reward


@transaction.atomic
def reward_pay(*, reward: Reward, actor, paid_at: date, paid_amount: Decimal, voucher_number: str) -> Reward:
    """Record the payment: date, amount (must equal the approved amount) and the finance voucher number."""
    reward = _locked_reward(reward)
    _require_approver(actor)
    if reward.status != RewardStatus.CLAIMED:
        raise TipOffError(_("只有已核验申领的奖励可以登记发放。"))
    if Decimal(paid_amount).quantize(CENT) != reward.amount:
        raise TipOffError(_("发放金额应与批准金额 ¥%(a)s 一致。") % {"a": reward.amount})
    if not (voucher_number or "").strip():
        raise TipOffError(_("请填写财务凭证号。"))
    if paid_at > timezone.localdate():
        raise TipOffError(_("发放日期不能晚于今天。"))
    reward.status = RewardStatus.PAID
    reward.paid_at = paid_at
    reward.paid_amount = reward.amount
    reward.voucher_number = voucher_number.strip()
    reward.paid_recorded_by = actor
    reward.save()
    TipOffEvent.objects.create(tipoff=reward.tipoff, status=reward.tipoff.status, public_note=_("举报奖励已发放。"))
    audit_log("tipoffs.reward.paid", target=reward.tipoff, actor=actor, data={"reward": reward.pk})
    return reward


@transaction.atomic
def reward_ledger_exported(*, actor, rows: int) -> None:
    """Audit an export of the ledger (it holds decrypted payee names); approvers only."""
    _require_approver(actor)
    audit_log("tipoffs.ledger.exported", target=actor, actor=actor, data={"rows": rows})
