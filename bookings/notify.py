"""Tell a candidate something: a notice in their account now, an e-mail once the transaction commits."""

from django.core.mail import EmailMessage
from django.db import transaction

from .models import BookingNotice


def notice_send(*, recipient, subject_line: str, body: str, attachments: list[tuple[str, bytes, str]] | None = None):
    notice = BookingNotice.objects.create(recipient=recipient, subject_line=subject_line, body=body)
    email = recipient.email
    if email:

        def _send():
            message = EmailMessage(subject=subject_line, body=body, to=[email])
            for name, content, mimetype in attachments or []:
                message.attach(name, content, mimetype)
            # A mail server outage must not undo a booking that is already committed.
            message.send(fail_silently=True)

        transaction.on_commit(_send)
    return notice
