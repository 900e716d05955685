from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.services import user_is_enterprise_admin
from edu_platform.excel import workbook_write, xlsx_response

from . import selectors
from .masking import mask_name
from .models import CertificateNotice, CertificateStatus
from .roles_display import staff_role_label


def _private(response: HttpResponse) -> HttpResponse:
    # Status changes (revocation) must show at once and a holder's page is nobody else's: never cache.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def verify_lookup(request):
    """The form that leads to a verification page (for someone typing a number from paper)."""
    number = (request.GET.get("number") or "").strip()
    if number:
        return redirect("certificates:verify", number=number)
    return render(request, "certificates/verify_lookup.html")


@require_GET
def verify(request, number: str):
    """Public verification (DESIGN §4): masked name, type, category, dates and today's status."""
    certificate = selectors.certificate_for_verification(number)
    if certificate is None:
        response = render(request, "certificates/verify_not_found.html", {"number": number[:40]}, status=404)
        return _private(response)
    today = timezone.localdate()
    status = certificate.status_on(today)
    response = render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "masked_name": mask_name(certificate.holder_name),
            "status": status,
            "status_label": CertificateStatus(status).label,
            "today": today,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return _private(response)


@never_cache
@login_required
def my_certificates(request):
    rows = selectors.my_certificates(request.user)
    notices = CertificateNotice.objects.filter(recipient=request.user).select_related("certificate")[:20]
    return _private(render(request, "certificates/mine.html", {"rows": rows, "notices": notices}))


@login_required
def certificate_pdf_view(request, number: str):
    from .pdf import certificate_pdf

    certificate = next((c for c in selectors.holder_certificates(request.user) if c.number == number), None)
    # A revoked (注销) certificate is not printable: 我的证书 hides the link, and the URL agrees.
    if certificate is None or certificate.status_on(timezone.localdate()) == CertificateStatus.REVOKED:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("certificates:verify", args=[certificate.number]))
    response = HttpResponse(certificate_pdf(certificate, verify_url=verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return _private(response)


def _admin_enterprise(request):
    enterprise = request.user.enterprise
    if enterprise is None or not user_is_enterprise_admin(request.user, enterprise):
        raise PermissionDenied(_("只有企业安全管理员可以查看本单位员工的证书。"))
    return enterprise


@never_cache
@login_required
def enterprise_certificates(request):
    enterprise = _admin_enterprise(request)
    rows = selectors.enterprise_staff_certificates(enterprise)
    for row in rows:
        row.role_label = staff_role_label(row.user)
    return _private(render(request, "certificates/enterprise.html", {"enterprise": enterprise, "rows": rows}))


ENTERPRISE_HEADERS = [
    "姓名",
    "人员类别",
    "三类人员",
    "证书编号",
    "证书类型",
    "类别/操作项目",
    "有效期至",
    "下次复审日期",
    "状态",
]


@login_required
def enterprise_export(request):
    enterprise = _admin_enterprise(request)

    def lines():
        for row in selectors.enterprise_staff_certificates(enterprise):
            person = [
                row.user.real_name or str(row.user),
                row.user.get_person_category_display(),
                staff_role_label(row.user),
            ]
            if not row.certificates:
                yield [*person, "", "", "", "", "", _("无证书")]
            for certificate, status in row.certificates:
                yield [
                    *person,
                    certificate.number,
                    certificate.get_kind_display(),
                    certificate.category,
                    f"{certificate.valid_until:%Y-%m-%d}",
                    f"{certificate.next_review_due:%Y-%m-%d}" if certificate.next_review_due else "",
                    status,
                ]

    content = workbook_write(lines(), headers=ENTERPRISE_HEADERS, title="员工持证情况")
    return _private(xlsx_response(content, f"员工持证情况-{timezone.localdate():%Y%m%d}.xlsx"))
