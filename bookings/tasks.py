"""Background work for bookings; each task takes primary keys and calls one service."""

from django_tasks import task


@task()
def notice_email_send_task(notice_pk: int, ics_booking_pk: int | None = None) -> None:
    from .services.notices import notice_email_send

    notice_email_send(notice_id=notice_pk, ics_booking_id=ics_booking_pk)
