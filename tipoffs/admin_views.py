"""Handling pages in the Wagtail admin: inbox, report detail and its actions, staff entry, files.

Every page answers ``no-store``; every open of a report and every download is audited by a service.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from edu_platform.audit import audit_entries_for
from edu_platform.errors import Problem

from . import admin_forms as f
from . import services
from .access import can_open, can_see_identity, can_work, is_handler, is_lead, second_factor_redirect
from .crypto import decrypt_json, receipt_code_display
from .errors import TipOffError
from .models import Reward, Status, TipOff, TipOffAttachment
from .selectors import tipoff_detail, tipoff_inbox
from .services.rectification import RECTIFIABLE_FINDINGS
from .services.rewards import REWARDABLE_FINDINGS, matter_reward, rewardable_report
from .uploads import UploadRejected, sanitise_uploads


def second_factor_required(view):
    """Tip-off data only after a second factor in this session, for everyone (superusers included)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refusal = second_factor_redirect(request)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    return wrapper


def staff_page(test):
    """A tip-off admin page: no-store, ``test`` on the user (403 otherwise), then the second factor."""

    def decorator(view):
        @wraps(view)
        @never_cache
        def wrapper(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return second_factor_required(view)(request, *args, **kwargs)

        return wrapper

    return decorator


def is_tipoff_staff(user) -> bool:
    return is_handler(user) or is_lead(user) or user.has_perm("tipoffs.approve_reward")


def handlers_queryset():
    return get_user_model().objects.filter(groups__name="举报受理员", is_active=True).distinct().order_by("username")


@staff_page(is_tipoff_staff)
def inbox(request):
    form = f.InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = tipoff_inbox(
        request.user,
        status=filters.get("status", ""),
        category=filters.get("category", ""),
        sector=filters.get("sector", ""),
        town=str(filters["town"].pk) if filters.get("town") else "",
        due=filters.get("due", ""),
        mine=bool(filters.get("mine")),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "tipoffs/admin/inbox.html",
        {"page_title": _("举报受理"), "form": form, "page": page, "query": query.urlencode()},
    )


@staff_page(is_tipoff_staff)
def detail(request, pk: int):
    try:
        tipoff = tipoff_detail(pk)
    except TipOff.DoesNotExist:
        raise Http404 from None
    if not can_open(request.user, tipoff):
        raise PermissionDenied(_("该举报已分派给其他承办人，您无权查看。"))
    show_identity = can_see_identity(request.user, tipoff)
    services.tipoff_viewed(tipoff=tipoff, actor=request.user, identity_shown=show_identity)
    rewards = list(Reward.objects.filter(tipoff=tipoff).select_related("proposed_by", "approved_by"))
    orders = list(tipoff.rectification_orders.select_related("issued_by", "reviewed_by"))
    pending_order = next((o for o in orders if not o.review_result), None)
    worker = can_work(request.user, tipoff)
    context = {
        "page_title": _("举报 %(n)s") % {"n": tipoff.number},
        "tipoff": tipoff,
        "identity": decrypt_json(tipoff.identity_ciphertext) if show_identity else None,
        "can_work": can_work(request.user, tipoff),
        "is_lead": is_lead(request.user),
        "is_handler": is_handler(request.user),
        "rewards": rewards,
        # Cheap checks first: the two matter queries run only for a report that could be rewarded.
        "can_propose": worker
        and tipoff.status in (Status.CONCLUDED, Status.CLOSED)
        and tipoff.finding in REWARDABLE_FINDINGS
        and not tipoff.is_anonymous
        and matter_reward(tipoff) is None
        and rewardable_report(tipoff) == tipoff,
        "orders": orders,
        "pending_order": pending_order,
        "can_order": worker
        and pending_order is None
        and tipoff.status in ("concluded", "closed")
        and tipoff.finding in RECTIFIABLE_FINDINGS
        and tipoff.category != "concealed_accident",
        "audit": audit_entries_for(tipoff).order_by("-pk")[:50],
        "forms": {
            "assign": f.AssignForm(handlers=handlers_queryset(), auto_id="id_assign_%s"),
            "decline": f.DeclineForm(auto_id="id_decline_%s"),
            "conclude": f.ConcludeForm(auto_id="id_conclude_%s"),
            "extension": f.ExtensionForm(auto_id="id_extension_%s"),
            "message": f.MessageForm(auto_id="id_message_%s"),
            "link": f.LinkForm(auto_id="id_link_%s"),
            "propose": f.ProposeRewardForm(auto_id="id_propose_%s"),
            "rectify": f.RectificationOrderForm(auto_id="id_rectify_%s"),
            "review": f.RectificationReviewForm(auto_id="id_review_%s"),
        },
    }
    return render(request, "tipoffs/admin/detail.html", context)


def _act_assign(request, tipoff):
    if request.POST.get("self") == "1":
        return services.tipoff_assign(tipoff=tipoff, assignee=request.user, actor=request.user), _("已认领。")
    form = f.AssignForm(request.POST, handlers=handlers_queryset())
    if not form.is_valid():
        raise TipOffError(_("请选择承办人。"))
    services.tipoff_assign(tipoff=tipoff, assignee=form.cleaned_data["assignee"], actor=request.user)
    return None, _("已分派。")


def _valid(form_class, request, **kwargs):
    """The cleaned data of a posted action form, or a TipOffError with one problem per field."""
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        problems = [
            Problem(f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}", field=k)
            for k, v in form.errors.items()
        ]
        raise TipOffError(problems=problems)
    return form.cleaned_data


def _act_link(request, tipoff):
    number = _valid(f.LinkForm, request)["first_number"].strip()
    first = None
    if number:
        first = TipOff.objects.filter(number__iexact=number).first()
        if first is None:
            raise TipOffError(_("没有编号为 %(n)s 的举报。") % {"n": number})
    services.tipoff_link_matter(tipoff=tipoff, first=first, actor=request.user)
    return None, _("已更新同一事项关联。")


def _act_message(request, tipoff):
    form = f.MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        raise TipOffError(_("请填写留言内容。"))
    try:
        files = sanitise_uploads(form.cleaned_data["files"])
    except UploadRejected as exc:
        raise TipOffError(exc.message) from None
    services.tipoff_message_send(tipoff=tipoff, actor=request.user, body=form.cleaned_data["body"], files=files)
    return None, _("留言已发送，举报人凭回执码可见。")


def _act_propose(request, tipoff):
    data = _valid(f.ProposeRewardForm, request)
    reward = services.reward_propose(
        tipoff=tipoff,
        actor=request.user,
        amount=data["amount"],
        adjustment_reason=data["adjustment_reason"],
        joint_payees=data["joint_payees"].splitlines(),
    )
    return reward, _("奖励已提交审批（金额 ¥%(a)s），须由其他审批人批准。") % {"a": reward.amount}


def _act_rectify(request, tipoff):
    order = services.rectification_order_issue(
        tipoff=tipoff, actor=request.user, **_valid(f.RectificationOrderForm, request)
    )
    return order, _("整改要求已下达，整改期限 %(d)s。") % {"d": order.deadline.isoformat()}


def _act_review(request, tipoff):
    order = tipoff.rectification_orders.filter(review_result="").first()
    if order is None:
        raise TipOffError(_("没有待复查的整改要求。"))
    order = services.rectification_review(order=order, actor=request.user, **_valid(f.RectificationReviewForm, request))
    return order, _("复查结果已登记：%(r)s。") % {"r": order.get_review_result_display()}


ACTIONS = {
    "assign": _act_assign,
    "accept": lambda r, t: (services.tipoff_accept(tipoff=t, actor=r.user), _("已受理。")),
    "decline": lambda r, t: (
        services.tipoff_decline(tipoff=t, actor=r.user, **_valid(f.DeclineForm, r)),
        _("已不予受理。"),
    ),
    "verify": lambda r, t: (services.tipoff_verify_start(tipoff=t, actor=r.user), _("已开始核查。")),
    "conclude": lambda r, t: (
        services.tipoff_conclude(tipoff=t, actor=r.user, **_valid(f.ConcludeForm, r)),
        _("已办结。"),
    ),
    "close": lambda r, t: (services.tipoff_close(tipoff=t, actor=r.user), _("已归档。")),
    "extension_request": lambda r, t: (
        services.tipoff_extension_request(tipoff=t, actor=r.user, **_valid(f.ExtensionForm, r)),
        _("延期申请已提交，须由其他负责人批准。"),
    ),
    "extension_approve": lambda r, t: (services.tipoff_extension_approve(tipoff=t, actor=r.user), _("已批准延期。")),
    "message": lambda r, t: _act_message(r, t),
    "link": _act_link,
    "propose": _act_propose,
    "rectify": _act_rectify,
    "review": _act_review,
}


@require_POST
@staff_page(is_tipoff_staff)
def act(request, pk: int, action: str):
    tipoff = get_object_or_404(TipOff, pk=pk)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    if not can_open(request.user, tipoff):
        raise PermissionDenied
    try:
        _result, notice = handler(request, tipoff)
    except TipOffError as exc:
        messages.error(request, "；".join(exc.messages()))
    else:
        messages.success(request, notice)
    return redirect(reverse("tipoffs_admin:detail", args=[pk]))


@staff_page(is_tipoff_staff)
def attachment(request, pk: int, attachment_pk: int):
    item = get_object_or_404(TipOffAttachment.objects.select_related("tipoff"), pk=attachment_pk, tipoff_id=pk)
    try:
        services.tipoff_attachment_downloaded(tipoff=item.tipoff, attachment=item, actor=request.user)
    except TipOffError:
        raise PermissionDenied from None
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.display_name)
    response["Content-Type"] = item.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@sensitive_post_parameters("real_name", "id_number", "mobile", "other_contact")
@staff_page(is_handler)
def staff_entry(request):
    form = f.StaffEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            files = sanitise_uploads(data["files"])
            tipoff, code = services.tipoff_submit(
                files=files,
                source=data["source"],
                category=data["category"],
                sector=data["sector"],
                town=data["town"],
                place_name=data["place_name"],
                address=data["address"],
                description=data["description"],
                observed_when=data["observed_when"],
                identity=form.identity(),
                entered_by=request.user,
            )
        except UploadRejected as exc:
            form.add_error("files", exc.message)
        except TipOffError as exc:
            exc.add_to_form(form)
        else:
            return render(
                request,
                "tipoffs/admin/entered.html",
                {"page_title": _("举报已录入"), "tipoff": tipoff, "code": receipt_code_display(code)},
            )
    return render(request, "tipoffs/admin/entry.html", {"page_title": _("录入电话/来信/来访举报"), "form": form})
