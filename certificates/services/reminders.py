"""到期提醒: 90 and 30 days before expiry or 复审, a notice in the account and an SMS, once per threshold."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.sms import sms_send
from edu_platform.audit import audit_log

from ..models import REMINDER_THRESHOLDS, Certificate, CertificateNotice, ReminderKind, ReminderSent


def _message(certificate: Certificate, kind: str, due: datetime.date, days: int) -> str:
    values = {
        "kind": certificate.get_kind_display(),
        "category": certificate.category,
        "number": certificate.number,
        "due": f"{due:%Y-%m-%d}",
        "days": days,
    }
    if kind == ReminderKind.REVIEW:
        return (
            _(
                "您的%(kind)s（%(category)s，编号 %(number)s）应于 %(due)s 前复审（还有 %(days)d 天），"
                "请先完成复审培训，再预约复审考试。"
            )
            % values
        )
    return _("您的%(kind)s（%(category)s，编号 %(number)s）有效期至 %(due)s（还有 %(days)d 天），请及时办理。") % values


def _due_dates(certificate: Certificate) -> list[tuple[str, datetime.date]]:
    if certificate.next_review_due is None:
        return [(ReminderKind.EXPIRY, certificate.valid_until)]
    if certificate.next_review_due == certificate.valid_until:
        # The 复审 on the expiry date is the renewal: one reminder (复审) says it all.
        return [(ReminderKind.REVIEW, certificate.next_review_due)]
    return [(ReminderKind.REVIEW, certificate.next_review_due), (ReminderKind.EXPIRY, certificate.valid_until)]


def _remind(certificate: Certificate, kind: str, due: datetime.date, today: datetime.date) -> bool:
    days = (due - today).days
    thresholds = [threshold for threshold in REMINDER_THRESHOLDS if 0 <= days <= threshold]
    if not thresholds:
        return False
    sent = {r.threshold_days for r in certificate.reminders.all() if r.kind == kind and r.due_date == due}
    missing = [threshold for threshold in thresholds if threshold not in sent]
    if not missing:
        return False
    try:
        with transaction.atomic():
            # Thresholds passed together (first seen 20 days out) are recorded together: one message.
            ReminderSent.objects.bulk_create(
                [ReminderSent(certificate=certificate, kind=kind, threshold_days=t, due_date=due) for t in missing]
            )
            message = _message(certificate, kind, due, days)
            CertificateNotice.objects.create(recipient=certificate.holder, certificate=certificate, body=message)
            audit_log(
                "certificates.reminder.sent",
                target=certificate,
                data={"kind": kind, "thresholds": missing, "due": f"{due:%Y-%m-%d}"},
            )
    except IntegrityError:
        return False  # another worker sent this one a moment ago
    phone = certificate.holder.phone
    if phone:
        transaction.on_commit(lambda: sms_send(phone, message))
    return True


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Send every reminder due on ``today``; returns how many went out. Running it twice sends none twice.

    A reminder is due when an expiry or 复审 date is at most 90 (then 30) days ahead and that threshold
    was not reminded for that date yet (``ReminderSent`` is unique). Revoked certificates and register
    rows without an account (no one to tell) are skipped.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMINDER_THRESHOLDS))
    candidates = (
        Certificate.objects.filter(revoked_at=None, holder__isnull=False)
        .filter(Q(valid_until__range=(today, horizon)) | Q(next_review_due__range=(today, horizon)))
        .select_related("holder")
        .prefetch_related("reminders")
        .order_by("pk")
    )
    sent = 0
    for certificate in candidates.iterator(chunk_size=500):
        for kind, due in _due_dates(certificate):
            sent += _remind(certificate, kind, due, today)
    return sent
