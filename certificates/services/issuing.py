"""Issue a certificate on a passed exam result, or renew the one the holder already has (复审)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import CertificateError
from ..models import REVIEW_WINDOW_DAYS, Certificate, CertificateKind, CertificateStatus, ReviewRecord
from ..selectors import CategoryKey, rule_in_force, subject_category
from .common import add_years
from .reviews import review_apply

NUMBER_PREFIX = {CertificateKind.SAFETY_QUALIFICATION: "YMA", CertificateKind.SPECIAL_OPERATION: "YMT"}


def _number_candidates(kind: str, issued_on: datetime.date):
    """YMT2026000001, YMT2026000002 … starting after the highest number of that kind and year."""
    prefix = f"{NUMBER_PREFIX[kind]}{issued_on:%Y}"
    last = (
        Certificate.objects.filter(number__startswith=prefix, number__regex=rf"^{prefix}\d{{6}}$")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    start = int(last[len(prefix) :]) + 1 if last else 1
    for sequence in range(start, start + 20):
        yield f"{prefix}{sequence:06d}"


@transaction.atomic
def certificate_issue(*, holder, key: CategoryKey, issued_on: datetime.date, actor=None, booking=None) -> Certificate:
    """Issue a new certificate of category ``key`` to ``holder`` on ``issued_on``.

    Validity and the first 复审 date come from the rule in force that day. The number is the next
    free one of its kind and year (a concurrent issue that takes it makes us try the next).
    """
    rule = rule_in_force(key, issued_on)
    if rule is None:
        raise CertificateError(_("没有适用于该证书类别的发证规则，请先在“发证规则”中添加。"), field="category")
    if not holder.real_name or not holder.id_number:
        raise CertificateError(_("持证人尚未填写真实姓名和身份证号，不能发证。"), field="holder")
    enterprise = holder.enterprise
    fields = {
        "holder": holder,
        "holder_name": holder.real_name,
        "id_number": holder.id_number,
        "kind": key.kind,
        "person_category": key.person_category,
        "industry": key.industry,
        "operation_group": rule.operation_group,
        "operation": key.operation,
        "enterprise": enterprise,
        "enterprise_name": enterprise.name if enterprise else "",
        "town_id": enterprise.town_id if enterprise else None,
        "issued_on": issued_on,
        "valid_until": add_years(issued_on, rule.validity_years),
        "next_review_due": add_years(issued_on, rule.review_interval_years) if rule.review_interval_years else None,
        "rule": rule,
        "source_booking": booking,
    }
    for number in _number_candidates(key.kind, issued_on):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(number=number, **fields)
            break
        except IntegrityError:
            if Certificate.objects.filter(number=number).exists():
                continue
            raise
    else:  # pragma: no cover - twenty concurrent issues of one kind in the same instant
        raise CertificateError(_("证书编号分配冲突，请稍后重试。"))
    audit_log(
        "certificates.certificate.issued",
        target=certificate,
        actor=actor,
        data={"number": certificate.number, "booking": booking.ticket_number if booking else None},
    )
    return certificate


def _held_certificates(holder, key: CategoryKey) -> list[Certificate]:
    """The holder's unrevoked certificates of this category, locked so two imports cannot both renew."""
    held = Certificate.objects.select_for_update().filter(
        holder=holder, kind=key.kind, person_category=key.person_category, operation=key.operation, revoked_at=None
    )
    if key.kind == CertificateKind.SAFETY_QUALIFICATION:
        held = held.filter(industry=key.industry)
    return list(held.order_by("-valid_until"))


@transaction.atomic
def certificate_issue_for_booking(*, booking, actor=None) -> Certificate | ReviewRecord | None:
    """What a recorded exam result earns: a new certificate, a 复审 of the one held, or nothing.

    - not passed (``booking.passed`` already requires the practical part where the subject has
      one), or a subject that leads to no certificate: nothing;
    - this booking already issued or renewed something (the same result imported again): nothing new;
    - the holder has a certificate of the category that is 待复审 on the exam day: a 复审 record on it;
    - the holder has one that is 有效 and more than ``REVIEW_WINDOW_DAYS`` from its expiry: nothing;
    - otherwise (none, expired, or about to expire): a new certificate issued on the exam day.
    """
    if not booking.passed:
        return None
    if (
        Certificate.objects.filter(source_booking=booking).exists()
        or ReviewRecord.objects.filter(booking=booking).exists()
    ):
        return None
    key = subject_category(booking.subject)
    if key is None:
        return None
    exam_day = booking.session.date
    for held in _held_certificates(booking.candidate, key):
        status = held.status_on(exam_day)
        if status == CertificateStatus.DUE_REVIEW:
            return review_apply(certificate=held, reviewed_on=exam_day, passed=True, actor=actor, booking=booking)
        if status == CertificateStatus.VALID and (held.valid_until - exam_day).days > REVIEW_WINDOW_DAYS:
            return None
    return certificate_issue(holder=booking.candidate, key=key, issued_on=exam_day, actor=actor, booking=booking)
