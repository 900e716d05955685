"""Candidates' own messages (我的预约 → 消息)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import BookingError
from ..models import BookingNotice


@transaction.atomic
def booking_notice_mark_read(*, recipient, notice_id: int | None = None) -> int:
    """Mark one of the recipient's notices read, or all of them when ``notice_id`` is None.

    Returns how many became read; repeating it (a double click, a reload) changes nothing.
    """
    notices = BookingNotice.objects.filter(recipient=recipient)
    if notice_id is not None:
        notices = notices.filter(pk=notice_id)
        if not notices.exists():
            raise BookingError(_("找不到这条消息。"))
    return notices.filter(read_at__isnull=True).update(read_at=timezone.now())


def notice_email_send(*, notice_id: int, ics_booking_id: int | None = None) -> bool:
    """E-mail a stored notice to its recipient (background task); attach the exam's .ics when given.

    Returns whether a mail went out. A notice or booking deleted meanwhile, or a recipient without
    e-mail, sends nothing; a mail server outage is not retried here (the notice is in the account).
    """
    from django.core.mail import EmailMessage

    from ..models import Booking
    from ..tickets import ticket_ics

    notice = BookingNotice.objects.select_related("recipient").filter(pk=notice_id).first()
    if notice is None or not notice.recipient.email:
        return False
    message = EmailMessage(subject=notice.subject_line, body=notice.body, to=[notice.recipient.email])
    if ics_booking_id is not None:
        booking = (
            Booking.objects.select_related("session", "session__centre", "session__room", "subject")
            .filter(pk=ics_booking_id)
            .first()
        )
        if booking is not None and booking.is_active:
            message.attach(f"{booking.ticket_number}.ics", ticket_ics(booking), "text/calendar")
    return bool(message.send(fail_silently=True))
