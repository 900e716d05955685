from django_tasks import task


@task()
def reporter_notify_task(tipoff_pk: int) -> None:
    from .notify import reporter_notify_send

    reporter_notify_send(tipoff_pk=tipoff_pk)
