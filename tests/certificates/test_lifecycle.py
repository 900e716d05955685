"""Issue on a pass → 待复审 → renew (复审) → expire → revoke, through the real services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from certificates.errors import CertificateError
from certificates.models import Certificate, CertificateStatus, ReviewRecord
from certificates.selectors import certificates_with_status
from certificates.services import certificate_revoke, review_record_create
from certificates.services.rules import rule_create
from edu_platform.audit import audit_entries_for

from . import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_passed_result_issues_a_special_operation_certificate_once():
    user = f.candidate("李四")
    booking = f.passed_result(user, exam_day=D(2024, 3, 5))
    certificate = Certificate.objects.get(holder=user)
    assert certificate.operation == "低压电工作业"
    assert certificate.operation_group == "电工作业"
    assert certificate.kind == "special_operation"
    assert (certificate.issued_on, certificate.valid_until, certificate.next_review_due) == (
        D(2024, 3, 5),
        D(2030, 3, 5),
        D(2027, 3, 5),
    )
    assert certificate.holder_name == "李四" and certificate.id_number == user.id_number
    assert certificate.number.startswith("YMT2024")
    assert [e.action for e in audit_entries_for(certificate)] == ["certificates.certificate.issued"]
    # The same result announced again (a re-import) issues nothing new.
    from bookings.signals import booking_result_recorded

    booking_result_recorded.send(sender=None, booking=booking, actor=None)
    assert Certificate.objects.count() == 1


def test_a_failed_result_or_a_subject_without_certificate_issues_nothing():
    f.passed_result(f.candidate(), exam_day=D(2024, 3, 5), passed=False)
    other = f.bf.subject("fire-safety", "消防安全常识", person_category="other")
    f.passed_result(f.candidate(), subject=other, exam_day=D(2024, 3, 5))
    assert not Certificate.objects.exists()


def test_a_principal_subject_issues_a_three_year_safety_qualification_for_its_industry():
    subject = f.bf.subject("hazchem-principal", "危险化学品生产单位主要负责人", person_category="principal")
    subject.field = "危险化学品"
    subject.save()
    f.passed_result(f.candidate(), subject=subject, exam_day=D(2025, 1, 10))
    certificate = Certificate.objects.get()
    assert certificate.kind == "safety_qualification"
    assert certificate.industry == "hazardous_chemicals"
    assert certificate.category == "主要负责人（危险化学品）"
    assert certificate.valid_until == D(2028, 1, 10) and certificate.next_review_due is None
    assert certificate.number.startswith("YMA2025")


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2024, 3, 5), CertificateStatus.VALID),
        (D(2026, 12, 4), CertificateStatus.VALID),  # 91 days before the 复审 date
        (D(2026, 12, 5), CertificateStatus.DUE_REVIEW),  # 90 days before: the window opens
        (D(2027, 3, 5), CertificateStatus.DUE_REVIEW),  # the due date itself
        (D(2028, 1, 1), CertificateStatus.DUE_REVIEW),  # overdue, not yet expired
        (D(2030, 3, 5), CertificateStatus.DUE_REVIEW),  # the last valid day
        (D(2030, 3, 6), CertificateStatus.EXPIRED),
    ],
)
def test_status_is_derived_from_dates_in_python_and_in_sql_alike(day, status):
    certificate = f.issue()
    assert certificate.status_on(day) == status
    for other in CertificateStatus:
        assert certificates_with_status(other, today=day).filter(pk=certificate.pk).exists() == (other == status)


def test_renewal_by_a_passed_re_exam_with_recert_hours_moves_the_review_date():
    user = f.candidate()
    f.passed_result(user, exam_day=D(2024, 3, 5))
    f.recert_training(user, on=D(2027, 1, 20), hours=8)
    booking = f.passed_result(user, exam_day=D(2027, 2, 1))
    certificate = Certificate.objects.get()
    review = ReviewRecord.objects.get()
    assert review.passed and review.booking == booking and review.training_hours == 8
    assert certificate.next_review_due == D(2030, 3, 5)
    assert certificate.valid_until == D(2030, 3, 5)
    assert certificate.status_on(D(2027, 2, 2)) == CertificateStatus.VALID
    assert "certificates.certificate.renewed" in [e.action for e in audit_entries_for(certificate)]


def test_the_review_at_the_expiry_date_extends_validity_by_six_years():
    user = f.candidate()
    f.passed_result(user, exam_day=D(2024, 3, 5))
    admin = f.staff()
    f.recert_training(user, on=D(2027, 1, 20))
    review_record_create(
        certificate_id=Certificate.objects.get().pk, reviewed_on=D(2027, 2, 1), passed=True, actor=admin
    )
    f.recert_training(user, on=D(2030, 1, 10))
    review_record_create(
        certificate_id=Certificate.objects.get().pk, reviewed_on=D(2030, 2, 1), passed=True, actor=admin
    )
    certificate = Certificate.objects.get()
    assert certificate.valid_until == D(2036, 3, 5)
    assert certificate.next_review_due == D(2033, 3, 5)


def test_a_re_exam_without_recert_hours_is_recorded_as_a_failed_review_and_nothing_moves():
    user = f.candidate()
    f.passed_result(user, exam_day=D(2024, 3, 5))
    f.recert_training(user, on=D(2027, 1, 20), hours=4)
    f.passed_result(user, exam_day=D(2027, 2, 1))
    review = ReviewRecord.objects.get()
    assert not review.passed
    assert "需 8 学时，已完成 4.0 学时" in review.note
    certificate = Certificate.objects.get()
    assert certificate.next_review_due == D(2027, 3, 5)
    assert Certificate.objects.count() == 1


def test_staff_review_without_hours_is_refused_with_the_numbers():
    certificate = f.issue()
    with pytest.raises(CertificateError, match=r"需 8 学时，已完成 0\.0 学时"):
        review_record_create(certificate_id=certificate.pk, reviewed_on=D(2027, 2, 1), passed=True, actor=f.staff())
    assert not ReviewRecord.objects.exists()


def test_review_hours_have_one_source_the_certificate_rule():
    """The certificate rule in force at the 复审 sets its hours; training-hours rules carry no 复审 figure."""
    from courses.models import TrainingHoursRule

    user = f.candidate()
    certificate = f.issue(holder=user)
    current = certificate.rule
    fields = {
        name: getattr(current, name)
        for name in ("kind", "person_category", "industry", "operation_group", "operation", "validity_years")
    }
    rule_create(
        actor=None,
        today=D(2026, 12, 1),
        **fields,
        effective_from=D(2027, 1, 1),
        review_interval_years=3,
        review_hours=12,
        basis="示例：复审学时提高",
    )
    f.recert_training(user, on=D(2027, 1, 20), hours=8)
    with pytest.raises(CertificateError, match=r"需 12 学时，已完成 8\.0 学时"):
        review_record_create(certificate_id=certificate.pk, reviewed_on=D(2027, 2, 1), passed=True, actor=f.staff())
    assert not {"recertification_hours", "recertification_window_months"} & {
        field.name for field in TrainingHoursRule._meta.get_fields()
    }


def test_review_outside_the_window_is_refused():
    certificate = f.issue()
    with pytest.raises(CertificateError, match="不在复审期内"):
        review_record_create(certificate_id=certificate.pk, reviewed_on=D(2025, 1, 1), passed=False, actor=f.staff())


def test_an_expired_certificate_is_replaced_by_a_new_one_on_the_next_pass():
    user = f.candidate()
    f.passed_result(user, exam_day=D(2017, 3, 5))
    f.passed_result(user, exam_day=D(2024, 5, 1))
    old, new = Certificate.objects.order_by("issued_on")
    assert old.status_on(D(2024, 5, 1)) == CertificateStatus.EXPIRED
    assert new.issued_on == D(2024, 5, 1) and new.number != old.number


def test_a_valid_certificate_is_not_issued_twice_for_another_pass():
    user = f.candidate()
    f.passed_result(user, exam_day=D(2024, 3, 5))
    f.passed_result(user, exam_day=D(2025, 3, 5))
    assert Certificate.objects.count() == 1


def test_revoke_needs_a_reason_and_the_permission_and_is_audited():
    certificate = f.issue()
    admin = f.staff()
    with pytest.raises(CertificateError, match="请填写注销原因"):
        certificate_revoke(certificate_id=certificate.pk, reason="  ", actor=admin)
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificate_id=certificate.pk, reason="弄虚作假", actor=f.staff("培训管理员"))
    certificate_revoke(certificate_id=certificate.pk, reason="弄虚作假取得证书", actor=admin)
    certificate.refresh_from_db()
    assert certificate.status_on(D(2099, 1, 1)) == CertificateStatus.REVOKED
    assert certificate.revoked_by == admin
    with pytest.raises(CertificateError, match="已于"):
        certificate_revoke(certificate_id=certificate.pk, reason="再次", actor=admin)
    entry = next(e for e in audit_entries_for(certificate) if e.action == "certificates.certificate.revoked")
    assert entry.data["reason"] == "弄虚作假取得证书" and entry.user == admin
