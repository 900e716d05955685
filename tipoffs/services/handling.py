"""Staff handling: assignment, the acceptance → verification → conclusion workflow, deadlines,
extensions, messages to the reporter and duplicate linking. Every change is audited."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..access import can_open, can_work, is_handler, is_lead
from ..errors import TipOffError
from ..models import (
    LIVE_EXCLUDED,
    AccidentGrade,
    Category,
    Finding,
    MessageDirection,
    Reward,
    RewardRuleKind,
    Status,
    TipOff,
    TipOffEvent,
    TipOffMessage,
)
from ..notify import reporter_notify
from ..uploads import CleanFile
from .reports import _attach
from .rules import handling_rule_for, reward_rule_for


def _locked(tipoff: TipOff) -> TipOff:
    return TipOff.objects.select_for_update().get(pk=tipoff.pk)


def _require_work(actor, tipoff: TipOff) -> None:
    if not can_work(actor, tipoff):
        raise TipOffError(_("您不是该举报的承办人，不能办理；请先认领或请负责人分派。"))


def _event(tipoff: TipOff, note: str) -> None:
    TipOffEvent.objects.create(tipoff=tipoff, status=tipoff.status, public_note=note)
    reporter_notify(tipoff)


@transaction.atomic
def tipoff_viewed(*, tipoff: TipOff, actor, identity_shown: bool) -> None:
    """Audit one staff view of a report (DESIGN §6: every view is recorded)."""
    if not can_open(actor, tipoff):
        raise TipOffError(_("该举报已分派给其他承办人，您无权查看。"))
    audit_log("tipoffs.report.viewed", target=tipoff, actor=actor, data={"identity_shown": identity_shown})


@transaction.atomic
def tipoff_assign(*, tipoff: TipOff, assignee, actor) -> TipOff:
    """A handler takes an unassigned report; a lead assigns or reassigns to any handler."""
    tipoff = _locked(tipoff)
    if not is_handler(assignee):
        raise TipOffError(_("只能分派给举报受理员。"))
    if not is_lead(actor):
        if assignee.pk != actor.pk or not is_handler(actor):
            raise TipOffError(_("受理员只能认领给自己；分派给他人请找负责人。"))
        if tipoff.assigned_to_id not in (None, actor.pk):
            raise TipOffError(_("该举报已由其他承办人认领。"))
    previous = tipoff.assigned_to_id
    tipoff.assigned_to = assignee
    tipoff.save(update_fields=["assigned_to"])
    audit_log("tipoffs.report.assigned", target=tipoff, actor=actor, data={"from": previous, "to": assignee.pk})
    return tipoff


@transaction.atomic
def tipoff_accept(*, tipoff: TipOff, actor, note: str = "") -> TipOff:
    """已提交 → 已受理; the 60-day handling period starts now. An unassigned report goes to the actor."""
    tipoff = _locked(tipoff)
    if tipoff.assigned_to_id is None and is_handler(actor):
        tipoff.assigned_to = actor
    _require_work(actor, tipoff)
    if tipoff.status != Status.SUBMITTED:
        raise TipOffError(_("只有“已提交”的举报可以受理，当前状态为“%(s)s”。") % {"s": tipoff.get_status_display()})
    now = timezone.now()
    rule = handling_rule_for(timezone.localdate(now))
    tipoff.status = Status.ACCEPTED
    tipoff.accepted_at = now
    tipoff.due_at = now + timedelta(days=rule.handling_days)
    tipoff.save(update_fields=["status", "accepted_at", "due_at", "assigned_to"])
    _event(tipoff, note.strip() or _("举报已受理，将在 %(d)d 日内办结。") % {"d": rule.handling_days})
    audit_log("tipoffs.report.accepted", target=tipoff, actor=actor)
    return tipoff


@transaction.atomic
def tipoff_decline(*, tipoff: TipOff, actor, reason: str) -> TipOff:
    """已提交 → 不予受理, with the reason the reporter reads."""
    tipoff = _locked(tipoff)
    if tipoff.assigned_to_id is None and is_handler(actor):
        tipoff.assigned_to = actor
    _require_work(actor, tipoff)
    if tipoff.status != Status.SUBMITTED:
        raise TipOffError(_("只有“已提交”的举报可以不予受理。"))
    reason = (reason or "").strip()
    if not reason:
        raise TipOffError(_("请填写不予受理的理由，举报人会看到它。"))
    tipoff.status = Status.DECLINED
    tipoff.decline_reason = reason
    tipoff.concluded_at = timezone.now()
    tipoff.save(update_fields=["status", "decline_reason", "concluded_at", "assigned_to"])
    _event(tipoff, reason)
    audit_log("tipoffs.report.declined", target=tipoff, actor=actor)
    return tipoff


@transaction.atomic
def tipoff_verify_start(*, tipoff: TipOff, actor) -> TipOff:
    """已受理 → 核查中."""
    tipoff = _locked(tipoff)
    _require_work(actor, tipoff)
    if tipoff.status != Status.ACCEPTED:
        raise TipOffError(_("只有“已受理”的举报可以开始核查。"))
    tipoff.status = Status.VERIFYING
    tipoff.save(update_fields=["status"])
    _event(tipoff, _("正在核查。"))
    audit_log("tipoffs.report.verifying", target=tipoff, actor=actor)
    return tipoff


def accident_grade_check(
    *, grade: str, concealed_deaths: int | None, accident_deaths: int | None, on, required: bool
) -> None:
    """Refuse a grade that does not fit the death count (一般 < 3, 较大 3–9, 重大 10–29, 特别重大 ≥ 30,
    as the concealed-death rows of the reward table in force on ``on`` state)."""
    if accident_deaths is not None and concealed_deaths is not None and concealed_deaths > accident_deaths:
        raise TipOffError(_("瞒报谎报死亡人数不能多于事故死亡总人数。"), field="concealed_deaths")
    if not grade:
        if required:
            raise TipOffError(_("瞒报谎报事故请填写事故等级和查实的瞒报谎报死亡人数。"), field="accident_grade")
        return
    deaths = accident_deaths if accident_deaths is not None else concealed_deaths
    if deaths is None:
        raise TipOffError(_("填写了事故等级，请同时填写死亡人数。"), field="concealed_deaths")
    rule = reward_rule_for(RewardRuleKind.CONCEALED_DEATH, on, grade)
    if not rule.grade_matches(deaths):
        raise TipOffError(
            _("事故等级与死亡人数不符：%(grade)s对应死亡 %(range)s，填写的是 %(n)d 人，请改正等级或人数。")
            % {"grade": AccidentGrade(grade).label, "range": rule.death_range_display(), "n": deaths},
            field="accident_grade",
        )


@transaction.atomic
def tipoff_conclude(
    *,
    tipoff: TipOff,
    actor,
    finding: str,
    outcome_public: str,
    fine_amount: Decimal | None = None,
    concealed_deaths: int | None = None,
    accident_grade: str = "",
    accident_deaths: int | None = None,
) -> TipOff:
    """核查中 → 已办结 with a finding (属实 / 部分属实 / 不属实) and the outcome the reporter is told.

    For an accident, the grade must agree with the death count (``accident_deaths``, the accident's
    total, or the concealed deaths when the total is not given) under the rule in force today.
    """
    tipoff = _locked(tipoff)
    _require_work(actor, tipoff)
    if tipoff.status != Status.VERIFYING:
        raise TipOffError(_("只有“核查中”的举报可以办结。"))
    if finding not in Finding.values:
        raise TipOffError(_("请选择核查结论。"))
    if not (outcome_public or "").strip():
        raise TipOffError(_("请填写告知举报人的处理结果。"))
    if fine_amount is not None and fine_amount < 0:
        raise TipOffError(_("罚款金额不能为负数。"))
    if accident_grade and accident_grade not in AccidentGrade.values:
        raise TipOffError(_("事故等级无效。"), field="accident_grade")
    accident_grade_check(
        grade=accident_grade,
        concealed_deaths=concealed_deaths,
        accident_deaths=accident_deaths,
        on=timezone.localdate(),
        required=tipoff.category == Category.CONCEALED_ACCIDENT and finding != Finding.UNSUBSTANTIATED,
    )
    tipoff.accident_deaths = accident_deaths
    tipoff.status = Status.CONCLUDED
    tipoff.finding = finding
    tipoff.outcome_public = outcome_public.strip()
    tipoff.fine_amount = fine_amount
    tipoff.concealed_deaths = concealed_deaths
    tipoff.accident_grade = accident_grade
    tipoff.concluded_at = timezone.now()
    tipoff.save()
    _event(tipoff, f"{tipoff.get_finding_display()}：{tipoff.outcome_public}")
    audit_log(
        "tipoffs.report.concluded",
        target=tipoff,
        actor=actor,
        data={"finding": finding, "fine_amount": str(fine_amount) if fine_amount is not None else None},
    )
    return tipoff


@transaction.atomic
def tipoff_close(*, tipoff: TipOff, actor) -> TipOff:
    """已办结 / 不予受理 → 归档 (no more replies)."""
    tipoff = _locked(tipoff)
    _require_work(actor, tipoff)
    if tipoff.status not in (Status.CONCLUDED, Status.DECLINED):
        raise TipOffError(_("只有已办结或不予受理的举报可以归档。"))
    tipoff.status = Status.CLOSED
    tipoff.closed_at = timezone.now()
    tipoff.save(update_fields=["status", "closed_at"])
    _event(tipoff, _("已归档。"))
    audit_log("tipoffs.report.closed", target=tipoff, actor=actor)
    return tipoff


@transaction.atomic
def tipoff_extension_request(*, tipoff: TipOff, actor, days: int, reason: str) -> TipOff:
    """Ask once for up to 30 more days; it takes effect when another person approves it."""
    tipoff = _locked(tipoff)
    _require_work(actor, tipoff)
    if not tipoff.is_open:
        raise TipOffError(_("只有办理中的举报可以申请延期。"))
    if tipoff.extension_requested_at is not None:
        raise TipOffError(_("每件举报只能延期一次，已申请过延期。"))
    longest = handling_rule_for(timezone.localdate(tipoff.accepted_at)).max_extension_days
    if not 1 <= int(days) <= longest:
        raise TipOffError(_("延期天数应为 1 至 %(max)d 天。") % {"max": longest}, field="days")
    if not (reason or "").strip():
        raise TipOffError(_("请填写延期理由。"))
    tipoff.extension_days = int(days)
    tipoff.extension_reason = reason.strip()
    tipoff.extension_requested_by = actor
    tipoff.extension_requested_at = timezone.now()
    tipoff.save(
        update_fields=["extension_days", "extension_reason", "extension_requested_by", "extension_requested_at"]
    )
    audit_log("tipoffs.extension.requested", target=tipoff, actor=actor, data={"days": int(days)})
    return tipoff


@transaction.atomic
def tipoff_extension_approve(*, tipoff: TipOff, actor) -> TipOff:
    """A lead other than the requester approves; the due date moves by the requested days."""
    tipoff = _locked(tipoff)
    if not is_lead(actor):
        raise TipOffError(_("只有负责人可以批准延期。"))
    if not tipoff.extension_pending:
        raise TipOffError(_("没有待批准的延期申请。"))
    if tipoff.extension_requested_by_id == actor.pk:
        raise TipOffError(_("不能批准自己提出的延期申请，请由其他负责人审批。"))
    tipoff.extension_approved_by = actor
    tipoff.extension_approved_at = timezone.now()
    tipoff.due_at = tipoff.due_at + timedelta(days=tipoff.extension_days)
    tipoff.save(update_fields=["extension_approved_by", "extension_approved_at", "due_at"])
    _event(tipoff, _("办理期限依规延长 %(d)d 天。") % {"d": tipoff.extension_days})
    audit_log("tipoffs.extension.approved", target=tipoff, actor=actor, data={"days": tipoff.extension_days})
    return tipoff


@transaction.atomic
def tipoff_message_send(*, tipoff: TipOff, actor, body: str, files: list[CleanFile] | None = None) -> TipOffMessage:
    """A message to the reporter, shown on the follow-up page."""
    tipoff = _locked(tipoff)
    _require_work(actor, tipoff)
    body = (body or "").strip()
    if not body:
        raise TipOffError(_("请填写留言内容。"))
    message = TipOffMessage.objects.create(
        tipoff=tipoff, direction=MessageDirection.TO_REPORTER, body=body, author=actor
    )
    _attach(tipoff, files or [], message)
    reporter_notify(tipoff)
    audit_log("tipoffs.message.to_reporter", target=tipoff, actor=actor)
    return message


@transaction.atomic
def tipoff_link_matter(*, tipoff: TipOff, first: TipOff | None, actor) -> TipOff:
    """Mark ``tipoff`` as about the same matter as ``first`` (None unlinks). Chains point at the root.

    The report and both matters' first reports are locked (in id order, like ``reward_propose``),
    and a report that already has a reward keeps its matter, so a matter never ends up with two.
    """
    current = TipOff.objects.get(pk=tipoff.pk)
    target = None
    if first is not None:
        target = TipOff.objects.get(pk=first.pk)
        target = TipOff.objects.get(pk=target.matter_id) if target.matter_id else target
    keys = {current.pk, current.matter_root_id} | ({target.pk} if target else set())
    locked = {t.pk: t for t in TipOff.objects.select_for_update().filter(pk__in=keys).order_by("pk")}
    tipoff = locked[current.pk]
    first = locked[target.pk] if target else None
    _require_work(actor, tipoff)
    if Reward.objects.filter(tipoff=tipoff).exclude(status__in=LIVE_EXCLUDED).exists():
        raise TipOffError(_("该举报已有奖励记录，不能再改变同一事项关联。"))
    if first is not None:
        if first.pk == tipoff.pk:
            raise TipOffError(_("不能把举报关联到它自己。"))
        if tipoff.duplicates.exists():
            raise TipOffError(_("该举报已是其他举报的首报，请先把其他举报关联到更早的那一件。"))
    tipoff.matter = first
    tipoff.save(update_fields=["matter"])
    audit_log("tipoffs.report.linked", target=tipoff, actor=actor, data={"matter": first.number if first else None})
    return tipoff
