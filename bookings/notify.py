"""Tell a candidate something: a notice in their account now, an e-mail from a background task once
the transaction commits (never inside the request, never for a write that rolled back)."""

from django.db import transaction

from .models import Booking, BookingNotice


def notice_send(*, recipient, subject_line: str, body: str, ics_booking: Booking | None = None) -> BookingNotice:
    """Store the notice and queue its e-mail on commit; ``ics_booking`` attaches that exam's .ics."""
    notice = BookingNotice.objects.create(recipient=recipient, subject_line=subject_line, body=body)
    if recipient.email:
        from .tasks import notice_email_send_task

        booking_id = ics_booking.pk if ics_booking is not None else None
        transaction.on_commit(lambda: notice_email_send_task.enqueue(notice.pk, booking_id))
    return notice
