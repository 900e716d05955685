"""The rule tables (reward amounts, handling periods) as effective-dated data.

Rows are only added: a row in force is never edited, and a new row may not take effect before today,
so nothing already decided under an older row changes (issue 9: add-only once in force)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edu_platform.dated_rules import STANDARD_WORDING, rule_add

from ..errors import TipOffError
from ..models import HandlingRule, RewardRule, RewardRuleKind


def reward_rule_for(kind: str, on: date, grade: str = "") -> RewardRule:
    """The reward rule of ``kind`` (and accident ``grade``) in force on ``on``."""
    rule = (
        RewardRule.objects.filter(kind=kind, accident_grade=grade, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if rule is None:
        raise TipOffError(_("没有在该日期生效的奖励标准，请先在奖励标准表中补充。"))
    return rule


def handling_rule_for(on: date) -> HandlingRule:
    """The handling periods in force on ``on`` (a local date)."""
    rule = HandlingRule.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if rule is None:
        raise TipOffError(_("没有在该日期生效的办理期限标准，请先在办理期限标准表中补充。"))
    return rule


def _full_clean(rule) -> None:
    try:
        rule.full_clean()
    except ValidationError as exc:  # e.g. a second row with the same date
        raise TipOffError(" ".join(exc.messages)) from None


def _add(rule, *, actor, action: str, audit_data, check):
    """Add ``rule`` under the shared policy (edu_platform.dated_rules): dated today or later, then
    ``check(rule)`` and the model's validation, then saved and audited. Rows here are only ever
    added: not even a future row is corrected (the admin refuses every edit)."""

    def checks(rule) -> None:
        check(rule)
        _full_clean(rule)

    return rule_add(
        rule,
        error=TipOffError,
        actor=actor,
        action=action,
        audit_data=audit_data,
        check=checks,
        wording=STANDARD_WORDING,
    )


@transaction.atomic
def reward_rule_create(
    *,
    kind: str,
    effective_from: date,
    max_amount: Decimal,
    actor,
    accident_grade: str = "",
    percentage: Decimal | None = None,
    min_amount: Decimal | None = None,
    amount_per_death: Decimal | None = None,
    adjustment_percent: Decimal | None = None,
    min_deaths: int | None = None,
    max_deaths: int | None = None,
) -> RewardRule:
    """Add a row to the reward table, in force from ``effective_from`` (today or later).

    Every past proposal keeps the rule it was computed from; a concealed-death row also carries the
    death range of its accident grade, and every row the ± range an adjusted amount may move within.
    """

    def check(rule: RewardRule) -> None:
        if kind == RewardRuleKind.FINE_PERCENTAGE and (not percentage or accident_grade):
            raise TipOffError(_("按罚款比例的标准须填写比例，且不填事故等级。"), field="percentage")
        if kind == RewardRuleKind.CONCEALED_DEATH and (not amount_per_death or not accident_grade):
            raise TipOffError(_("按死亡人数的标准须填写事故等级和每人金额。"), field="amount_per_death")
        if kind == RewardRuleKind.CONCEALED_DEATH and min_deaths is None:
            raise TipOffError(_("按死亡人数的标准须填写该事故等级的最少死亡人数。"), field="min_deaths")
        if min_amount is not None and min_amount > max_amount:
            raise TipOffError(_("最低金额不能高于最高金额。"), field="min_amount")
        if min_deaths is not None and max_deaths is not None and min_deaths > max_deaths:
            raise TipOffError(_("最少死亡人数不能多于最多死亡人数。"), field="max_deaths")
        if adjustment_percent is not None and not Decimal(0) <= adjustment_percent < Decimal(100):
            raise TipOffError(_("调整幅度应在 0 至 100%% 之间（不含 100%%）。"), field="adjustment_percent")

    rule = RewardRule(
        kind=kind,
        effective_from=effective_from,
        accident_grade=accident_grade or "",
        percentage=percentage,
        min_amount=min_amount,
        max_amount=max_amount,
        amount_per_death=amount_per_death,
        min_deaths=min_deaths,
        max_deaths=max_deaths,
    )
    if adjustment_percent is not None:
        rule.adjustment_percent = adjustment_percent
    return _add(
        rule,
        actor=actor,
        action="tipoffs.reward_rule.created",
        audit_data=lambda rule: {"kind": rule.kind},
        check=check,
    )


@transaction.atomic
def handling_rule_create(
    *, effective_from: date, handling_days: int, max_extension_days: int, claim_days: int, actor
) -> HandlingRule:
    """Add handling periods in force from ``effective_from`` (today or later); reports accepted
    before then keep the periods of the row in force at their acceptance."""
    rule = HandlingRule(
        effective_from=effective_from,
        handling_days=handling_days,
        max_extension_days=max_extension_days,
        claim_days=claim_days,
    )
    return _add(
        rule,
        actor=actor,
        action="tipoffs.handling_rule.created",
        audit_data=lambda rule: {"effective_from": str(rule.effective_from)},
        check=_periods_check,
    )


def _periods_check(rule: HandlingRule) -> None:
    for name in ("handling_days", "max_extension_days", "claim_days"):
        value = getattr(rule, name)
        if value is None or int(value) < 1:
            raise TipOffError(_("期限天数至少为 1 天。"), field=name)
        setattr(rule, name, int(value))
