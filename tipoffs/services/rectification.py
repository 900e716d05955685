"""The hazard loop (闭环整改): rectification orders on substantiated reports and their 复查."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..access import can_work
from ..errors import TipOffError
from ..models import Category, Finding, RectificationOrder, ReviewResult, Status, TipOff, TipOffEvent
from ..notify import reporter_notify

RECTIFIABLE_FINDINGS = [Finding.SUBSTANTIATED, Finding.PARTIALLY]


def _require(actor, tipoff: TipOff) -> None:
    if not can_work(actor, tipoff):
        raise TipOffError(_("您不是该举报的承办人，不能下达整改要求或登记复查。"))


@transaction.atomic
def rectification_order_issue(
    *, tipoff: TipOff, actor, requirements: str, responsible_unit: str, deadline: date
) -> RectificationOrder:
    """Issue a rectification order on a concluded, substantiated hazard report.

    A report has at most one order awaiting its 复查; after a 复查 "not rectified" a new order
    (with a new deadline) may be issued. The reporter sees that rectification is under way."""
    tipoff = TipOff.objects.select_for_update().get(pk=tipoff.pk)
    _require(actor, tipoff)
    if tipoff.category == Category.CONCEALED_ACCIDENT:
        raise TipOffError(_("瞒报谎报事故按事故调查处理，不下达隐患整改要求。"))
    if tipoff.status not in (Status.CONCLUDED, Status.CLOSED) or tipoff.finding not in RECTIFIABLE_FINDINGS:
        raise TipOffError(_("只有核查属实或部分属实并已办结的举报可以下达整改要求。"))
    requirements, responsible_unit = (requirements or "").strip(), (responsible_unit or "").strip()
    problems = []
    if not requirements:
        problems.append(TipOffError(_("请填写整改要求。"), field="requirements"))
    if not responsible_unit:
        problems.append(TipOffError(_("请填写责任单位。"), field="responsible_unit"))
    if deadline is None or deadline < timezone.localdate():
        problems.append(TipOffError(_("整改期限不能早于今天。"), field="deadline"))
    if problems:
        raise TipOffError(problems=[p for error in problems for p in error.problems])
    if tipoff.rectification_orders.filter(review_result="").exists():
        raise TipOffError(_("该举报已有待复查的整改要求，请先登记复查结果。"))
    order = RectificationOrder.objects.create(
        tipoff=tipoff,
        requirements=requirements,
        responsible_unit=responsible_unit,
        deadline=deadline,
        issued_by=actor,
    )
    TipOffEvent.objects.create(
        tipoff=tipoff,
        status=tipoff.status,
        public_note=_("已责令责任单位限期整改，整改期限 %(d)s，到期后复查。") % {"d": deadline.isoformat()},
    )
    reporter_notify(tipoff)
    audit_log(
        "tipoffs.rectification.ordered",
        target=tipoff,
        actor=actor,
        data={"order": order.pk, "deadline": deadline.isoformat(), "unit": responsible_unit},
    )
    return order


@transaction.atomic
def rectification_review(
    *, order: RectificationOrder, actor, result: str, reviewed_on: date, note: str = ""
) -> RectificationOrder:
    """Record the 复查 of an order: rectified (the loop is closed; the reporter sees 已整改) or not."""
    order = RectificationOrder.objects.select_for_update().select_related("tipoff").get(pk=order.pk)
    _require(actor, order.tipoff)
    if order.review_result:
        raise TipOffError(_("该整改要求已登记过复查结果；未整改的，请重新下达整改要求。"))
    if result not in ReviewResult.values:
        raise TipOffError(_("请选择复查结果。"), field="result")
    if reviewed_on is None or reviewed_on > timezone.localdate():
        raise TipOffError(_("复查日期不能晚于今天。"), field="reviewed_on")
    if reviewed_on < timezone.localdate(order.issued_at):
        raise TipOffError(_("复查日期不能早于下达整改要求的日期。"), field="reviewed_on")
    note = (note or "").strip()
    if result == ReviewResult.NOT_RECTIFIED and not note:
        raise TipOffError(_("复查未整改的，请在说明中写明存在的问题和后续措施。"), field="note")
    order.review_result = result
    order.reviewed_on = reviewed_on
    order.review_note = note
    order.reviewed_by = actor
    order.save(update_fields=["review_result", "reviewed_on", "review_note", "reviewed_by"])
    if result == ReviewResult.RECTIFIED:
        public = _("经 %(d)s 复查，隐患已整改。") % {"d": reviewed_on.isoformat()}
    else:
        public = _("经 %(d)s 复查，尚未整改到位，将依法继续督促整改。") % {"d": reviewed_on.isoformat()}
    TipOffEvent.objects.create(tipoff=order.tipoff, status=order.tipoff.status, public_note=public)
    reporter_notify(order.tipoff)
    audit_log(
        "tipoffs.rectification.reviewed",
        target=order.tipoff,
        actor=actor,
        data={"order": order.pk, "result": result, "reviewed_on": reviewed_on.isoformat()},
    )
    return order
