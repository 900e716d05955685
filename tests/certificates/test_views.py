"""Public verification, 我的证书, the printable PDF and the enterprise page."""

import datetime
import io
import re

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.masking import mask_name
from certificates.pdf import PAGE, QR_FORM, qr_position
from certificates.services import certificate_revoke
from edu_platform.pdf import MIN_PRINT_MARGIN, qr_form_name, qr_runs

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧阳**"), ("欧阳", "欧*"), ("李小龙", "李**"), ("王", "*"), ("", "")],
)
def test_names_are_masked_to_the_surname(name, masked):
    assert mask_name(name) == masked


def test_verification_shows_masked_name_and_status_but_never_the_name_or_id(client, django_assert_max_num_queries):
    holder = f.candidate("欧阳娜娜")
    certificate = f.issue(holder, issued_on=timezone.localdate() - datetime.timedelta(days=10))
    url = reverse("certificates:verify", args=[certificate.number])
    # The site shell (footer, navigation) is cached after the first page of any kind (3 queries cold).
    client.get(reverse("certificates:verify_lookup"))
    with django_assert_max_num_queries(5):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "欧阳**" in html and "欧阳娜娜" not in html
    assert holder.id_number not in html and holder.id_number[-6:] not in html
    assert "低压电工作业" in html and "特种作业操作证" in html
    assert '<span class="badge badge-ok">有效</span>' in html
    assert response["Cache-Control"] == "no-store"
    # A logged-in visitor (more context) stays within the budget too.
    client.force_login(f.candidate())
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200


def test_verification_on_a_cold_cache_stays_within_5_queries(client, django_assert_max_num_queries):
    """The QR code on paper is often the first page a visitor opens: nothing cached, not even the
    site shell (navigation and footer) or the process's content types."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    certificate = f.issue(issued_on=timezone.localdate() - datetime.timedelta(days=10))
    url = reverse("certificates:verify", args=[certificate.number])
    cache.clear()
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200 and '<span class="badge badge-ok">有效</span>' in response.content.decode()
    # The shell is shared by every visitor of the host; the page itself is then one query.
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200


def test_a_revoked_certificate_verifies_as_revoked(client):
    certificate = f.issue(issued_on=timezone.localdate() - datetime.timedelta(days=10))
    certificate_revoke(certificate_id=certificate.pk, reason="弄虚作假", actor=f.staff())
    html = client.get(reverse("certificates:verify", args=[certificate.number])).content.decode()
    assert "已注销" in html and "弄虚作假" not in html


def test_an_unknown_number_is_a_404_saying_未找到(client):
    response = client.get(reverse("certificates:verify", args=["YMT2099999999"]))
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


def test_the_lookup_form_leads_to_the_verification_page(client):
    response = client.get(reverse("certificates:verify_lookup"), {"number": " YMT1 "})
    assert response.status_code == 302 and response["Location"] == reverse("certificates:verify", args=["YMT1"])
    assert client.get(reverse("certificates:verify_lookup")).status_code == 200


def test_my_certificates_needs_login_and_shows_status_and_next_step(client):
    assert client.get(reverse("certificates:mine")).status_code == 302
    user = f.candidate("李四")
    today = timezone.localdate()
    f.passed_result(user, exam_day=today - datetime.timedelta(days=3 * 365 - 30))  # 复审 due in about a month
    client.force_login(user)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert "待复审" in html
    assert "需完成 8 学时复审培训，您已完成 0.0 学时" in html
    subject = f.bf.subject()
    assert f"{reverse('bookings:session_list')}?subject={subject.pk}" in html


def test_my_certificates_shows_a_legacy_certificate_registered_before_the_account(client):
    from openpyxl import Workbook

    from certificates.importing import certificates_import

    number = f.id_number(901)
    wb = Workbook()
    wb.active.append(["证书编号", "姓名", "身份证号", "证书类型", "人员类别", "初领日期", "有效期至"])
    wb.active.append(["OLD-1", "张三", number, "特种作业操作证", "焊接与热切割作业", "2023-01-01", "2029-01-01"])
    wb.active.append(["OLD-2", "张三", number, "特种作业操作证", "熔化焊接与热切割作业", "2023-01-01", "2029-01-01"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(Exception, match="作业类别"):
        certificates_import(source=io.BytesIO(buffer.getvalue()))
    wb.active.delete_rows(2)
    buffer = io.BytesIO()
    wb.save(buffer)
    certificates_import(source=buffer)
    user = f.candidate("张三", id_number=number, phone_verified=True)
    client.force_login(user)
    assert "OLD-2" in client.get(reverse("certificates:mine")).content.decode()
    client.force_login(f.candidate("王五"))
    assert "OLD-2" not in client.get(reverse("certificates:mine")).content.decode()


def _register_legacy_row(number: str, id_number: str, holder_name: str) -> None:
    from openpyxl import Workbook

    from certificates.importing import certificates_import

    wb = Workbook()
    wb.active.append(["证书编号", "姓名", "身份证号", "证书类型", "人员类别", "初领日期", "有效期至"])
    operation = "熔化焊接与热切割作业"
    wb.active.append([number, holder_name, id_number, "特种作业操作证", operation, "2023-01-01", "2029-01-01"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    certificates_import(source=buffer)


@pytest.mark.parametrize(
    ("real_name", "phone_verified"),
    [("王五", True), ("张三", False)],
    ids=["someone_elses_id_number_under_another_name", "right_name_but_no_verified_mobile"],
)
def test_a_typed_in_id_number_alone_does_not_open_someone_elses_legacy_certificates(client, real_name, phone_verified):
    """Anyone can type an ID number into a profile: a legacy row needs the register's name and a
    verified mobile as well, on the learner's page and on the enterprise's certificate table."""
    from certificates.selectors import enterprise_staff_certificates

    number = f.id_number(902)
    _register_legacy_row("OLD-9", number, "张三")
    enterprise = f.enterprise()
    intruder = f.candidate(real_name, id_number=number, phone_verified=phone_verified, enterprise=enterprise)
    client.force_login(intruder)
    assert "OLD-9" not in client.get(reverse("certificates:mine")).content.decode()
    assert client.get(reverse("certificates:pdf", args=["OLD-9"])).status_code == 404
    rows = enterprise_staff_certificates(enterprise)
    assert [c.number for row in rows for c, _label in row.certificates] == []

    # The holder themself, with the register's name and a verified mobile, does see it (control).
    intruder.real_name, intruder.phone_verified = "张三", True
    intruder.save()
    assert "OLD-9" in client.get(reverse("certificates:mine")).content.decode()
    rows = enterprise_staff_certificates(enterprise)
    assert [c.number for row in rows for c, _label in row.certificates] == ["OLD-9"]


def _qr_modules(page, form_name):
    """The QR modules the PDF draws, as (column, row, run length) triples read back from its Form XObject."""
    form = page["/Resources"]["/XObject"][qr_form_name(form_name)].get_object()
    number = r"(-?\d+(?:\.\d+)?)"
    rects = [
        tuple(float(v) for v in m)
        for m in re.findall(rf"{number} {number} {number} {number} re", form.get_data().decode("latin-1"))
    ]
    size = float(form["/BBox"][2]) - float(form["/BBox"][0])
    return rects, size


def test_the_pdf_has_real_text_and_a_qr_that_opens_the_verification_page(client):
    user = f.candidate("欧阳娜娜")
    certificate = f.issue(user)
    client.force_login(user)
    response = client.get(reverse("certificates:pdf", args=[certificate.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert len(response.content) < 20_000
    page = pypdf.PdfReader(io.BytesIO(response.content)).pages[0]
    text = page.extract_text()
    assert certificate.number in text and "欧阳娜娜" in text and "特种作业操作证" in text and "低压电工作业" in text
    assert user.id_number not in text
    assert not page.images
    verify_url = "http://testserver" + reverse("certificates:verify", args=[certificate.number])
    # The QR modules drawn are exactly those of the verification URL.
    rects, size = _qr_modules(page, QR_FORM)
    runs = qr_runs(verify_url)
    module = size / (max(r.row for r in runs) + 1 + 8)
    drawn = sorted(
        (round(x / module) - 4, round(size / module - y / module) - 5, round(w / module)) for x, y, w, _ in rects
    )
    assert drawn == sorted((r.start, r.row, r.length) for r in runs)
    # It sits inside a 10 mm margin, and the same URL is the link over it.
    x, y = qr_position()
    width, height = PAGE
    assert x >= MIN_PRINT_MARGIN and y >= MIN_PRINT_MARGIN
    assert x + size <= width - MIN_PRINT_MARGIN and y + size <= height - MIN_PRINT_MARGIN
    links = [annotation.get_object() for annotation in page["/Annots"]]
    assert [link["/A"]["/URI"] for link in links] == [verify_url]
    assert [round(float(v)) for v in links[0]["/Rect"]] == [round(x), round(y), round(x + size), round(y + size)]
    # Nobody else's certificate.
    client.force_login(f.candidate())
    assert client.get(reverse("certificates:pdf", args=[certificate.number])).status_code == 404


def test_enterprise_page_lists_staff_certificates_within_a_query_budget(client, django_assert_max_num_queries):
    company = f.enterprise()
    admin = f.enterprise_admin(company)
    for n in range(12):
        member = f.candidate(f"员工{n}", enterprise=company)
        f.issue(member)
    outsider = f.candidate("外人")
    f.issue(outsider)
    client.force_login(admin)
    client.get(reverse("certificates:verify_lookup"))  # warm the cached site shell
    with django_assert_max_num_queries(10):
        response = client.get(reverse("certificates:enterprise"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("低压电工作业") == 12 and "外人" not in html
    export = client.get(reverse("certificates:enterprise_export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "人员类别", "三类人员", "证书编号")
    assert len(rows) == 1 + 12 + 1  # the admin has no certificate: one row saying so


def test_enterprise_page_is_for_enterprise_admins_only(client):
    client.force_login(f.candidate(enterprise=f.enterprise()))
    assert client.get(reverse("certificates:enterprise")).status_code == 403
    assert client.get(reverse("certificates:enterprise_export")).status_code == 403
