"""Reward pages in the Wagtail admin: the list with approval, claim and payment, the ledger export
for finance, and the dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from edu_platform.admin import permission_required
from edu_platform.excel import workbook_write, xlsx_response

from . import admin_forms as f
from . import services
from .access import can_work
from .admin_views import _valid, is_tipoff_staff, second_factor_required, staff_page
from .crypto import decrypt_json
from .errors import TipOffError
from .models import Category, Reward, RewardStatus
from .selectors import dashboard_stats, reward_list


def is_approver(user) -> bool:
    return user.has_perm("tipoffs.approve_reward")


@staff_page(is_tipoff_staff)
def rewards(request):
    services.reward_expire_overdue()
    status = request.GET.get("status", "")
    if status not in RewardStatus.values:
        status = ""
    page = Paginator(reward_list(status=status), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "tipoffs/admin/rewards.html",
        {
            "page_title": _("举报奖励"),
            "page": page,
            "status": status,
            "statuses": RewardStatus.choices,
            "is_approver": is_approver(request.user),
        },
    )


@require_POST
@staff_page(is_tipoff_staff)
def reward_act(request, pk: int, action: str):
    reward = get_object_or_404(Reward.objects.select_related("tipoff"), pk=pk)
    if not (is_approver(request.user) or can_work(request.user, reward.tipoff)):
        raise PermissionDenied
    try:
        if action == "approve":
            services.reward_approve(reward=reward, actor=request.user)
            notice = _("已批准，已通知举报人。")
        elif action == "reject":
            services.reward_reject(reward=reward, actor=request.user, **_valid(f.RejectRewardForm, request))
            notice = _("已退回。")
        elif action == "claim":
            services.reward_claim_record(
                reward=reward, actor=request.user, identity_checked=request.POST.get("identity_checked") == "on"
            )
            notice = _("已登记申领。")
        elif action == "reopen":
            services.reward_reopen(reward=reward, actor=request.user, **_valid(f.ReopenRewardForm, request))
            notice = _("已重新开放申领，已通知举报人。")
        elif action == "pay":
            services.reward_pay(reward=reward, actor=request.user, **_valid(f.PayForm, request))
            notice = _("已登记发放。")
        else:
            raise PermissionDenied
    except TipOffError as exc:
        messages.error(request, "；".join(exc.messages()))
    else:
        messages.success(request, notice)
    return redirect(reverse("tipoffs_admin:rewards"))


LEDGER_HEADERS = [
    gettext_lazy("举报编号"),
    gettext_lazy("类别"),
    gettext_lazy("乡镇"),
    gettext_lazy("计算依据"),
    gettext_lazy("按标准金额"),
    gettext_lazy("奖励金额"),
    gettext_lazy("调整理由"),
    gettext_lazy("状态"),
    gettext_lazy("领取人"),
    gettext_lazy("分配金额"),
    gettext_lazy("批准日期"),
    gettext_lazy("申领截止"),
    gettext_lazy("发放日期"),
    gettext_lazy("发放金额"),
    gettext_lazy("凭证号"),
]


@never_cache
@permission_required("tipoffs.approve_reward")
@second_factor_required
def ledger(request):
    """The reward ledger for finance: one row per payee. Payee names are decrypted, so it is audited."""
    rows = []
    qs = reward_list().exclude(status__in=[RewardStatus.PROPOSED, RewardStatus.REJECTED])
    categories = dict(Category.choices)
    for reward in qs:
        basis = ", ".join(f"{k}={v}" for k, v in reward.inputs.items() if k != "rule_id")
        for share in reward.shares.all():
            rows.append(
                [
                    reward.tipoff.number,
                    str(categories.get(reward.tipoff.category, "")),
                    reward.tipoff.town.name,
                    basis,
                    float(reward.computed_amount),
                    float(reward.amount),
                    reward.adjustment_reason,
                    str(reward.get_status_display()),
                    decrypt_json(share.payee_ciphertext).get("name", ""),
                    float(share.amount),
                    timezone.localdate(reward.approved_at) if reward.approved_at else None,
                    timezone.localdate(reward.claim_deadline) if reward.claim_deadline else None,
                    reward.paid_at,
                    float(reward.paid_amount) if reward.paid_amount is not None else None,
                    reward.voucher_number,
                ]
            )
    services.reward_ledger_exported(actor=request.user, rows=len(rows))
    content = workbook_write(rows, headers=[str(h) for h in LEDGER_HEADERS], title=_("奖励台账"))
    return xlsx_response(content, _("举报奖励台账-%(date)s.xlsx") % {"date": f"{timezone.localdate():%Y%m%d}"})


@staff_page(is_tipoff_staff)
def dashboard(request):
    stats = dashboard_stats()
    categories = dict(Category.choices)
    stats["by_category"] = [(categories.get(c, c), n) for c, n in stats["by_category"]]
    return render(request, "tipoffs/admin/dashboard.html", {"page_title": _("举报统计"), "stats": stats})
