"""Background work of accounts; each task calls one function and nothing else."""

from django_tasks import task


@task()
def sms_send_task(phone: str, message: str) -> None:
    from .sms import sms_send

    sms_send(phone, message)
