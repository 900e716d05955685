"""Background work for exam admins; each task takes primary keys and calls one service."""

from django_tasks import task


@task()
def question_import_validate_task(job_pk: int) -> None:
    from .importing.service import question_import_validate

    question_import_validate(job_pk=job_pk)


@task()
def question_import_apply_task(job_pk: int) -> None:
    from .importing.service import question_import_apply

    question_import_apply(job_pk=job_pk)


@task()
def statistics_compute_task() -> None:
    from .services.statistics import statistics_compute

    statistics_compute()
