"""Rewards and their payees."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reports import TipOff
from .rules import RewardRule


class RewardStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    REJECTED = "rejected", _("未批准")
    NOTIFIED = "notified", _("已批准，已通知举报人")
    CLAIMED = "claimed", _("已申领")
    PAID = "paid", _("已发放")
    EXPIRED = "expired", _("逾期未申领")


class SplitMode(models.TextChoices):
    SINGLE = "single", _("一人领取")
    EQUAL = "equal", _("平均分配")


LIVE_EXCLUDED = [RewardStatus.REJECTED]


class Reward(models.Model):
    tipoff = models.ForeignKey(TipOff, verbose_name=_("举报"), on_delete=models.PROTECT, related_name="rewards")
    # The matter's first report at proposal time: one reward per matter is a database rule on it.
    matter = models.ForeignKey(
        TipOff, verbose_name=_("同一事项"), on_delete=models.PROTECT, related_name="matter_rewards"
    )
    rule = models.ForeignKey(RewardRule, verbose_name=_("适用标准"), on_delete=models.PROTECT, related_name="+")
    inputs = models.JSONField(_("计算依据"), default=dict)
    computed_amount = models.DecimalField(_("按标准计算金额"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("奖励金额"), max_digits=12, decimal_places=2)
    adjustment_reason = models.TextField(_("调整理由"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=RewardStatus.choices, default=RewardStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    rejection_reason = models.TextField(_("不批准理由"), blank=True)
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    claim_deadline = models.DateTimeField(_("申领截止"), null=True, blank=True)
    claim_requested_at = models.DateTimeField(_("举报人申领时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("核验申领时间"), null=True, blank=True)
    claim_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("身份核验人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    split_mode = models.CharField(_("分配方式"), max_length=10, choices=SplitMode.choices, default=SplitMode.SINGLE)
    paid_at = models.DateField(_("发放日期"), null=True, blank=True)
    paid_amount = models.DecimalField(_("发放金额"), max_digits=12, decimal_places=2, null=True, blank=True)
    voucher_number = models.CharField(_("凭证号"), max_length=50, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发放登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("重新开放审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("重新开放时间"), null=True, blank=True)
    reopen_reason = models.TextField(_("重新开放理由"), blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("举报奖励")
        verbose_name_plural = _("举报奖励")
        permissions = [("approve_reward", _("审批奖励、登记发放"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                name="reward_four_eyes",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="reward_amount_positive"),
            # One reward per matter (whatever report of it): a rejected proposal stays as history
            # and frees the matter; an expired reward does not (it is final unless reopened).
            models.UniqueConstraint(
                fields=["matter"], condition=~Q(status__in=LIVE_EXCLUDED), name="reward_one_per_matter"
            ),
            models.CheckConstraint(
                condition=Q(reopened_by__isnull=True) | ~Q(reopened_by=F("proposed_by")),
                name="reward_reopen_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tipoff} ¥{self.amount}"


class RewardShare(models.Model):
    """A payee of a reward: the reporter, or each joint reporter when the amount is split equally."""

    reward = models.ForeignKey(Reward, verbose_name=_("奖励"), on_delete=models.CASCADE, related_name="shares")
    payee_ciphertext = models.BinaryField(_("领取人（加密）"), editable=False)
    amount = models.DecimalField(_("金额"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = _("奖励分配")
        verbose_name_plural = _("奖励分配")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="rewardshare_amount_positive")]

    def __str__(self) -> str:
        return f"{self.reward_id}:{self.amount}"
