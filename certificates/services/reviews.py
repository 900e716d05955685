"""复审: record a review of a certificate, checking the 复审 training hours."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import CertificateError
from ..models import Certificate, CertificateStatus, ReviewRecord
from ..selectors import CategoryKey, review_training_hours, rule_in_force
from .common import add_years, require_perm


def review_apply(
    *, certificate: Certificate, reviewed_on: datetime.date, passed: bool, actor=None, booking=None, note: str = ""
) -> ReviewRecord:
    """Record a 复审 on a locked certificate (callers hold its row lock inside their transaction).

    A pass needs the rule's 复审 training hours: a review from an exam result (``booking``) that lacks
    them is recorded as not passed with the reason, so the result import itself still goes through;
    a review entered by staff is refused with the numbers. A pass moves the 复审 date on by the rule's
    interval; the 复审 that falls on the expiry date also extends the validity (延期换证).
    """
    status = certificate.status_on(reviewed_on)
    if status != CertificateStatus.DUE_REVIEW:
        raise CertificateError(
            _("证书 %(number)s 在 %(day)s 的状态为“%(status)s”，不在复审期内，不能登记复审。")
            % {
                "number": certificate.number,
                "day": f"{reviewed_on:%Y-%m-%d}",
                "status": CertificateStatus(status).label,
            },
            field="reviewed_on",
        )
    key = CategoryKey(certificate.kind, certificate.person_category, certificate.industry, certificate.operation)
    rule = rule_in_force(key, reviewed_on) or certificate.rule
    if rule is None or not rule.review_interval_years:
        raise CertificateError(_("该类证书没有复审规则，不能登记复审。"))
    hours = review_training_hours(certificate, on=reviewed_on)
    short = hours < rule.review_hours
    if passed and short:
        message = _("复审培训学时不足：需 %(need)s 学时，已完成 %(done)s 学时。请先完成复审培训课程。") % {
            "need": rule.review_hours,
            "done": f"{hours:.1f}",
        }
        if booking is None:
            raise CertificateError(message, field="passed")
        passed, note = False, message
    due = certificate.next_review_due
    record = ReviewRecord(
        certificate=certificate,
        reviewed_on=reviewed_on,
        due_date=due,
        training_hours=hours,
        required_hours=rule.review_hours,
        passed=passed,
        booking=booking,
        note=note[:200],
        actor=actor if actor is not None and actor.is_authenticated else None,
    )
    if passed:
        record.new_review_due = add_years(due, rule.review_interval_years)
        if due >= certificate.valid_until:
            record.new_valid_until = add_years(certificate.valid_until, rule.validity_years)
    record.save()
    audit_log(
        "certificates.review.recorded",
        target=certificate,
        actor=actor,
        data={"reviewed_on": f"{reviewed_on:%Y-%m-%d}", "passed": passed, "hours": str(hours), "note": record.note},
    )
    if passed:
        certificate.next_review_due = record.new_review_due
        update = ["next_review_due"]
        if record.new_valid_until:
            certificate.valid_until = record.new_valid_until
            update.append("valid_until")
        certificate.save(update_fields=update)
        audit_log(
            "certificates.certificate.renewed",
            target=certificate,
            actor=actor,
            data={
                "next_review_due": f"{certificate.next_review_due:%Y-%m-%d}",
                "valid_until": f"{certificate.valid_until:%Y-%m-%d}",
            },
        )
    return record


@transaction.atomic
def review_record_create(
    *, certificate_id: int, reviewed_on: datetime.date | None = None, passed: bool, actor, note: str = ""
) -> ReviewRecord:
    """Staff record a 复审 (date, outcome); the training hours are counted from the holder's courses."""
    require_perm(actor, "certificates.review_certificate")
    certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
    return review_apply(
        certificate=certificate, reviewed_on=reviewed_on or timezone.localdate(), passed=passed, actor=actor, note=note
    )
