"""Reward and handling rules as effective-dated data (安全生产领域举报奖励办法); rows are added, never edited."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .reports import AccidentGrade


class RewardRuleKind(models.TextChoices):
    FINE_PERCENTAGE = "fine_percentage", _("按罚款比例")
    CONCEALED_DEATH = "concealed_death", _("按瞒报谎报死亡人数")


class RewardRule(models.Model):
    """A row of the reward table (安全生产领域举报奖励办法); the newest effective row of a kind applies."""

    kind = models.CharField(_("类型"), max_length=20, choices=RewardRuleKind.choices)
    effective_from = models.DateField(_("生效日期"))
    accident_grade = models.CharField(_("事故等级"), max_length=20, choices=AccidentGrade.choices, blank=True)
    percentage = models.DecimalField(_("比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    min_amount = models.DecimalField(_("最低金额"), max_digits=12, decimal_places=2, null=True, blank=True)
    max_amount = models.DecimalField(_("最高金额"), max_digits=12, decimal_places=2)
    amount_per_death = models.DecimalField(_("每人金额"), max_digits=12, decimal_places=2, null=True, blank=True)
    adjustment_percent = models.DecimalField(
        _("调整幅度（±%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        help_text=_("提出的金额与按标准计算的金额相差不得超过此比例，且不超出最低、最高金额。"),
    )
    min_deaths = models.PositiveSmallIntegerField(
        _("该等级最少死亡人数"),
        null=True,
        blank=True,
        help_text=_("按死亡人数的标准：该事故等级的死亡人数下限（生产安全事故报告和调查处理条例）。"),
    )
    max_deaths = models.PositiveSmallIntegerField(_("该等级最多死亡人数"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "accident_grade", "-effective_from"]
        verbose_name = _("奖励标准")
        verbose_name_plural = _("奖励标准")
        constraints = [
            models.UniqueConstraint(fields=["kind", "accident_grade", "effective_from"], name="rewardrule_unique"),
            models.CheckConstraint(
                condition=Q(kind=RewardRuleKind.FINE_PERCENTAGE, percentage__gt=0, accident_grade="")
                | Q(kind=RewardRuleKind.CONCEALED_DEATH, amount_per_death__gt=0) & ~Q(accident_grade=""),
                name="rewardrule_kind_fields",
            ),
            models.CheckConstraint(
                condition=Q(adjustment_percent__gte=0, adjustment_percent__lt=100), name="rewardrule_adjustment_range"
            ),
            models.CheckConstraint(
                condition=Q(min_deaths__isnull=True) | Q(max_deaths__isnull=True) | Q(min_deaths__lte=F("max_deaths")),
                name="rewardrule_death_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_accident_grade_display()} {self.effective_from}"

    def grade_matches(self, deaths: int) -> bool:
        """Whether ``deaths`` falls in this grade's range (生产安全事故报告和调查处理条例)."""
        low = self.min_deaths or 0
        return deaths >= low and (self.max_deaths is None or deaths <= self.max_deaths)

    def death_range_display(self) -> str:
        if self.max_deaths is None:
            return _("%(low)d 人及以上") % {"low": self.min_deaths or 0}
        return _("%(low)d–%(high)d 人") % {"low": self.min_deaths or 0, "high": self.max_deaths}


class HandlingRule(models.Model):
    """Periods of the handling workflow (办理 60 日, 延期 ≤ 30 日, 申领 60 日) in force from a date.

    A service reads the row in force at the relevant date: acceptance for the handling period and
    the extension, the notice for the claim period. Rows in force are never edited; a later row
    supersedes them.
    """

    effective_from = models.DateField(_("生效日期"), unique=True)
    handling_days = models.PositiveSmallIntegerField(_("办理期限（受理后天数）"))
    max_extension_days = models.PositiveSmallIntegerField(_("最长延期天数"))
    claim_days = models.PositiveSmallIntegerField(_("奖励申领期限（通知后天数）"))

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("办理期限标准")
        verbose_name_plural = _("办理期限标准")
        constraints = [
            models.CheckConstraint(
                condition=Q(handling_days__gte=1, max_extension_days__gte=1, claim_days__gte=1),
                name="handlingrule_positive_periods",
            )
        ]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.handling_days}/{self.max_extension_days}/{self.claim_days}"
