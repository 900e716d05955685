"""Admin pages of the register that write through services or aggregate: revoke, 复审, export, dashboard."""

import datetime

from django.contrib import messages
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.admin import permission_required
from edu_platform.excel import workbook_write, xlsx_response

from .admin_forms import CertificateFilterSet, ReviewForm, RevokeForm
from .errors import CertificateError
from .models import Certificate
from .services import certificate_revoke, review_record_create

INSPECT_URL = "certificates_register:inspect"


def _render(request, template, title, context):
    return render(request, template, {"page_title": title, "header_title": title, "header_icon": "doc-full", **context})


@permission_required("certificates.revoke_certificate")
def revoke(request, pk: int):
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_revoke(certificate_id=pk, reason=form.cleaned_data["reason"], actor=request.user)
        except CertificateError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("证书 %(number)s 已注销。") % {"number": certificate.number})
            return redirect(INSPECT_URL, pk)
    title = _("注销证书 %(number)s") % {"number": certificate.number}
    return _render(request, "certificates/admin/form.html", title, {"form": form, "certificate": certificate})


@permission_required("certificates.review_certificate")
def review(request, pk: int):
    certificate = get_object_or_404(Certificate, pk=pk)
    form = ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate(), "passed": "1"})
    if request.method == "POST" and form.is_valid():
        try:
            review_record_create(certificate_id=pk, actor=request.user, **form.cleaned_data)
        except CertificateError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已登记证书 %(number)s 的复审。") % {"number": certificate.number})
            return redirect(INSPECT_URL, pk)
    title = _("登记复审 %(number)s") % {"number": certificate.number}
    return _render(request, "certificates/admin/form.html", title, {"form": form, "certificate": certificate})


EXPORT_HEADERS = [
    "证书编号",
    "姓名",
    "证书类型",
    "人员类别/操作项目",
    "行业",
    "单位",
    "乡镇",
    "初领日期",
    "有效期至",
    "下次复审日期",
    "状态",
    "注销原因",
]


@permission_required("certificates.view_certificate")
def export(request):
    """The register as Excel, narrowed by the listing's filters (ID numbers stay out of exports)."""
    today = timezone.localdate()
    queryset = CertificateFilterSet(request.GET, queryset=Certificate.objects.select_related("town")).qs

    def rows():
        for c in queryset.order_by("number").iterator(chunk_size=500):
            yield [
                c.number,
                c.holder_name,
                c.get_kind_display(),
                c.category,
                c.industry_display,
                c.enterprise_name,
                c.town.name if c.town else "",
                c.issued_on,
                c.valid_until,
                c.next_review_due,
                c.status_label_on(today),
                c.revoked_reason,
            ]

    content = workbook_write(rows(), headers=EXPORT_HEADERS, title="证书台账")
    return xlsx_response(content, f"证书台账-{today:%Y%m%d}.xlsx")


def _month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    starts, year, month = [], today.year, today.month
    for _step in range(months):
        starts.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


@permission_required("certificates.view_certificate")
def dashboard(request):
    """Certificates (not revoked) expiring and 复审 falling due in each of the next 12 months (two queries)."""
    today = timezone.localdate()
    months = _month_starts(today, 12)
    end = _month_starts(months[-1], 2)[1]
    live = Certificate.objects.filter(revoked_at=None)

    def per_month(field: str) -> dict[datetime.date, int]:
        counts = (
            live.filter(**{f"{field}__gte": months[0], f"{field}__lt": end})
            .annotate(month=TruncMonth(field))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["month"]: row["n"] for row in counts}

    expiring, reviews = per_month("valid_until"), per_month("next_review_due")
    label = "%Y年%m月"
    context = {
        "expiring": [(month.strftime(label), expiring.get(month, 0)) for month in months],
        "reviews": [(month.strftime(label), reviews.get(month, 0)) for month in months],
    }
    return _render(request, "certificates/admin/dashboard.html", _("证书到期统计"), context)
