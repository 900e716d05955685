"""Public tip-off pages. No IP address or user agent is stored or logged here (DESIGN §6): rate limits
use a keyed hash in the cache only; responses are ``no-store``; the receipt code travels only in the
reporter's own POST bodies, which error reports are told to hide."""

from functools import wraps

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from edu_platform.ratelimit import client_fingerprint, rate_limit_hit

from . import services
from .crypto import receipt_code_display
from .errors import TipOffError
from .forms import IdentityForm, LookupForm, ReplyForm, TipOffForm, new_nonce, nonce_use
from .models import MessageDirection, RewardStatus
from .selectors import tipoff_by_receipt_code, tipoff_follow_up
from .uploads import MAX_FILES, UploadRejected, sanitise_uploads

SENSITIVE = ("code", "real_name", "id_number", "mobile", "other_contact")


def private_page(view):
    """no-store on every tip-off response, and POST fields that identify a reporter kept out of error reports."""

    @wraps(view)
    @never_cache
    @sensitive_post_parameters(*SENSITIVE)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return wrapper


def _limited(request, scope: str, limit: int, period: int) -> bool:
    return rate_limit_hit(f"tipoffs.{scope}", client_fingerprint(request), limit=limit, period_seconds=period)


def _too_many(request, text: str):
    return render(request, "tipoffs/rate_limited.html", {"text": text}, status=429)


@private_page
@require_http_methods(["GET"])
def index(request):
    return render(request, "tipoffs/index.html")


@private_page
@require_http_methods(["GET", "POST"])
def report(request):
    if request.method != "POST":
        return render(request, "tipoffs/report_form.html", {"form": TipOffForm(), "max_files": MAX_FILES})
    if _limited(request, "submit", getattr(settings, "TIPOFFS_SUBMIT_LIMIT", 10), 3600):
        return _too_many(request, _("提交过于频繁，请一小时后再试；紧急情况请拨打 12350。"))
    form = TipOffForm(request.POST, request.FILES)
    if form.is_valid():
        if not nonce_use(form.nonce):
            return render(request, "tipoffs/already_submitted.html")
        try:
            files = sanitise_uploads(form.cleaned_data["files"])
            link = form.cleaned_data["link_account"] and request.user.is_authenticated
            tipoff, code = services.tipoff_submit(
                category=form.cleaned_data["category"],
                sector=form.cleaned_data["sector"],
                town=form.cleaned_data["town"],
                place_name=form.cleaned_data["place_name"],
                address=form.cleaned_data["address"],
                description=form.cleaned_data["description"],
                observed_when=form.cleaned_data["observed_when"],
                identity=form.identity(),
                files=files,
                user=request.user if link else None,
            )
        except UploadRejected as exc:
            form.add_error("files", exc.message)
        except TipOffError as exc:
            exc.add_to_form(form)
        else:
            return render(
                request,
                "tipoffs/receipt.html",
                {"tipoff": tipoff, "code": receipt_code_display(code), "attachments": len(files)},
            )
    form.renew_challenge()
    had_files = bool(request.FILES)
    return render(
        request, "tipoffs/report_form.html", {"form": form, "max_files": MAX_FILES, "reselect_files": had_files}
    )


def _reporter_download(tipoff, attachment_pk):
    """A file the handler sent to the reporter (never another report's, never by URL alone)."""
    item = tipoff.attachments.filter(
        pk=attachment_pk if str(attachment_pk or "").isdigit() else 0, message__direction=MessageDirection.TO_REPORTER
    ).first()
    if item is None:
        raise Http404
    services.tipoff_attachment_downloaded(tipoff=tipoff, attachment=item)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.display_name)
    response["Content-Type"] = item.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _follow_context(tipoff, code: str, **extra) -> dict:
    return {
        "tipoff": tipoff,
        "code": code,
        "nonce": new_nonce(),
        "reply_form": extra.pop("reply_form", None) or ReplyForm(),
        "identity_form": extra.pop("identity_form", None) or IdentityForm(),
        **tipoff_follow_up(tipoff),
        **extra,
    }


@private_page
@require_http_methods(["GET", "POST"])
def follow(request):
    if request.method != "POST":
        return render(request, "tipoffs/follow_lookup.html", {"form": LookupForm()})
    if _limited(request, "lookup", getattr(settings, "TIPOFFS_LOOKUP_LIMIT", 20), 15 * 60):
        return _too_many(request, _("查询次数过多，请 15 分钟后再试。"))
    form = LookupForm(request.POST)
    tipoff = tipoff_by_receipt_code(form.data.get("code", "")) if form.is_valid() else None
    if tipoff is None:
        # Same answer for a malformed code and a code that matches nothing: reveal nothing.
        return render(request, "tipoffs/follow_lookup.html", {"form": form, "not_found": True}, status=404)
    code = form.cleaned_data["code"]
    services.reward_expire_overdue()
    services.tipoff_reporter_viewed(tipoff=tipoff)
    action = request.POST.get("action", "")
    if action == "download":
        return _reporter_download(tipoff, request.POST.get("attachment"))
    extra: dict = {}
    if action and not nonce_use(request.POST.get("nonce", "")):
        extra["notice"] = _("这项操作已经提交过了，无需重复提交。")
    elif action == "reply":
        reply_form = ReplyForm(request.POST, request.FILES)
        if reply_form.is_valid():
            try:
                files = sanitise_uploads(reply_form.cleaned_data["files"])
                services.tipoff_reply(tipoff=tipoff, body=reply_form.cleaned_data["body"], files=files)
                extra["notice"] = _("留言已发送。")
            except UploadRejected as exc:
                reply_form.add_error("files", exc.message)
            except TipOffError as exc:
                exc.add_to_form(reply_form)
        if reply_form.errors:
            extra["reply_form"] = reply_form
    elif action == "identity":
        identity_form = IdentityForm(request.POST)
        if identity_form.is_valid():
            try:
                tipoff = services.tipoff_identity_add(tipoff=tipoff, identity=identity_form.identity())
                extra["notice"] = _("已补充您的信息，信息已加密保存，仅承办人员可见。")
            except TipOffError as exc:
                exc.add_to_form(identity_form)
        if identity_form.errors:
            extra["identity_form"] = identity_form
    elif action == "claim":
        reward_pk = request.POST.get("reward", "")
        reward = tipoff.rewards.filter(pk=reward_pk).first() if reward_pk.isdigit() else None
        try:
            if reward is None:
                raise TipOffError(_("没有找到可申领的奖励。"))
            services.reward_claim_request(reward=reward)
            extra["notice"] = _("已登记申领，请携带身份证到县应急管理局核验领取。")
        except TipOffError as exc:
            extra["claim_error"] = exc.message
    return render(
        request,
        "tipoffs/follow.html",
        _follow_context(tipoff, code, claimable=RewardStatus.NOTIFIED, **extra),
    )
