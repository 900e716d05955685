"""The register in the Wagtail admin: listing budget, filters, export, inspect, revoke, 复审, dashboard, rules."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import role_permissions
from certificates.models import Certificate, CertificateRule, ReviewRecord
from certificates.services import certificate_revoke

from . import factories as f

pytestmark = pytest.mark.django_db

INDEX = "certificates_register:index"


def today():
    return timezone.localdate()


def test_exam_staff_run_the_register_and_training_staff_only_read_it():
    perms = role_permissions()
    assert {"certificates.revoke_certificate", "certificates.review_certificate"} <= perms["考务管理员"]
    assert all(p.startswith("certificates.view_") for p in perms["培训管理员"] if p.startswith("certificates."))


def test_listing_of_50_certificates_stays_within_15_queries(client, django_assert_max_num_queries):
    company = f.enterprise()
    for n in range(50):
        f.issue(f.candidate(f"持证{n}", enterprise=company), issued_on=today() - datetime.timedelta(days=n))
    client.force_login(f.staff())
    with django_assert_max_num_queries(15):
        response = client.get(reverse(INDEX), {"p": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("低压电工作业") >= 20 and "云梦县测试化工有限公司" in html


def test_status_filter_is_by_date_ranges(client):
    valid = f.issue(issued_on=today() - datetime.timedelta(days=10))
    due = f.issue(issued_on=today() - datetime.timedelta(days=3 * 365 - 20))
    expired = f.issue(issued_on=today() - datetime.timedelta(days=7 * 365))
    revoked = f.issue(issued_on=today() - datetime.timedelta(days=20))
    admin = f.staff()
    certificate_revoke(certificate_id=revoked.pk, reason="注销", actor=admin)
    client.force_login(admin)
    for status, expected in (("valid", valid), ("due_review", due), ("expired", expired), ("revoked", revoked)):
        html = client.get(reverse(INDEX), {"status": status}).content.decode()
        shown = {c.number for c in (valid, due, expired, revoked) if c.number in html}
        assert shown == {expected.number}, status


def test_export_follows_the_filters_and_leaves_out_id_numbers(client):
    a = f.issue(f.candidate("甲"))
    b = f.issue(f.candidate("乙"), key=f.HAZCHEM_PRINCIPAL)
    client.force_login(f.staff("培训管理员"))
    response = client.get(reverse("certificates_register:export_xlsx"), {"kind": "safety_qualification"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "证书编号"
    assert [row[0] for row in rows[1:]] == [b.number]
    assert a.id_number not in str(rows) and b.id_number not in str(rows)


def test_inspect_shows_reviews_and_history_and_revoke_goes_through_the_service(client):
    user = f.candidate()
    f.passed_result(user, exam_day=datetime.date(2024, 3, 5))
    f.passed_result(user, exam_day=datetime.date(2027, 2, 1))  # 复审 without hours: recorded as failed
    certificate = Certificate.objects.get()
    admin = f.staff()
    client.force_login(admin)
    html = client.get(reverse("certificates_register:inspect", args=[certificate.pk])).content.decode()
    assert "颁发证书" in html and "登记复审" in html and "复审培训学时不足" in html
    url = reverse("certificates_register:revoke", args=[certificate.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    response = client.post(url, {"reason": "持证人弄虚作假"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "持证人弄虚作假" and certificate.revoked_by == admin
    html = client.get(reverse("certificates_register:inspect", args=[certificate.pk])).content.decode()
    assert "注销证书" in html and "已注销" in html


def test_training_staff_cannot_revoke_or_review(client):
    certificate = f.issue()
    client.force_login(f.staff("培训管理员"))
    assert client.get(reverse("certificates_register:inspect", args=[certificate.pk])).status_code == 200
    # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard.
    response = client.post(reverse("certificates_register:revoke", args=[certificate.pk]), {"reason": "x"})
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    assert client.get(reverse("certificates_register:review", args=[certificate.pk])).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert client.get(reverse("certificates_register:add")).status_code in (302, 403)


def test_staff_record_a_review_with_the_hours_counted(client):
    user = f.candidate()
    certificate = f.issue(user, issued_on=today() - datetime.timedelta(days=3 * 365 - 20))
    client.force_login(f.staff())
    url = reverse("certificates_register:review", args=[certificate.pk])
    response = client.post(url, {"reviewed_on": today().isoformat(), "passed": "1"})
    assert "复审培训学时不足" in response.content.decode()
    f.recert_training(user, on=today())
    response = client.post(url, {"reviewed_on": today().isoformat(), "passed": "1"})
    assert response.status_code == 302
    assert ReviewRecord.objects.get().passed


def test_dashboard_counts_expiries_per_month(client):
    f.issue(issued_on=today().replace(day=1) - datetime.timedelta(days=3 * 365 - 40), key=f.HAZCHEM_PRINCIPAL)
    client.force_login(f.staff("培训管理员"))
    response = client.get(reverse("certificates_register:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "每月到期证书数" in html and "<svg" in html and "1 张" in html


def test_a_rule_in_force_cannot_be_edited_but_a_future_one_can_be_added(client):
    client.force_login(f.staff())
    rule = CertificateRule.objects.filter(operation="低压电工作业").order_by("effective_from").first()
    data = {
        "kind": rule.kind,
        "person_category": rule.person_category,
        "industry": "",
        "operation_group": rule.operation_group,
        "operation": rule.operation,
        "effective_from": rule.effective_from.isoformat(),
        "validity_years": 5,
        "review_interval_years": 3,
        "review_hours": 8,
        "basis": "改写历史",
    }
    response = client.post(reverse("certificates_rules:edit", args=[rule.pk]), data)
    assert "已生效，不能修改" in response.content.decode()
    rule.refresh_from_db()
    assert rule.validity_years == 6
    data["effective_from"] = "2000-01-01"
    response = client.post(reverse("certificates_rules:add"), data)
    assert "不能早于今天" in response.content.decode()
    data["effective_from"] = (today() + datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("certificates_rules:add"), data)
    assert response.status_code == 302
    assert CertificateRule.objects.filter(basis="改写历史", validity_years=5).exists()


def test_not_even_a_superuser_deletes_a_rule_in_force_but_a_future_one_is_withdrawn(client, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    client.force_login(superuser)
    rule = CertificateRule.objects.filter(operation="低压电工作业").order_by("effective_from").first()
    url = reverse("certificates_rules:delete", args=[rule.pk])
    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert "已生效，不能修改或删除" in response.content.decode()
    assert CertificateRule.objects.filter(pk=rule.pk).exists()
    response = client.get(reverse("certificates_rules:edit", args=[rule.pk]), follow=True)
    assert "已生效，不能修改或删除" in response.content.decode()  # no form to fill for a rule in force
    future = CertificateRule.objects.create(
        kind=rule.kind,
        person_category=rule.person_category,
        operation_group=rule.operation_group,
        operation=rule.operation,
        effective_from=today() + datetime.timedelta(days=30),
        validity_years=6,
        review_interval_years=3,
        review_hours=8,
    )
    response = client.post(reverse("certificates_rules:delete", args=[future.pk]))
    assert response.status_code == 302
    assert not CertificateRule.objects.filter(pk=future.pk).exists()
    assert rule.pk in CertificateRule.objects.values_list("pk", flat=True)
