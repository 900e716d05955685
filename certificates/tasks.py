"""Background work for the register; each task calls one service."""

import datetime

from django_tasks import task


@task()
def certificate_reminders_task(today: str | None = None) -> int:
    from .services.reminders import reminders_send

    return reminders_send(today=datetime.date.fromisoformat(today) if today else None)
