"""Importing a file into a bank: the one write path for the command, the admin and the tasks."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import ExamError
from ..models import QuestionBank, QuestionImport
from ..services.banks import ApplySummary, questions_apply
from . import FileReport, file_scan, format_for_filename
from .problems import ImportInvalid

logger = logging.getLogger(__name__)


def _unexpected_problem() -> dict:
    """The one problem stored when checking or applying a file crashed (details go to the log)."""
    message = _("处理文件时发生意外错误，未导入任何试题。请确认文件完好后重新上传；如仍失败请联系系统管理员。")
    return {"row": None, "column": "", "message": message, "unit": "行"}


def questions_import(
    *, bank: QuestionBank, source, file_format: str = "xlsx", dry_run: bool = False, actor=None, progress=None
) -> ApplySummary:
    """Read the file once, writing valid rows into ``bank`` as they come, inside one transaction:
    if any row has a problem the whole transaction is rolled back (all or nothing) and
    ``ImportInvalid`` lists every problem with its row and column. ``dry_run`` rolls back too and
    returns what would have happened (the admin's preview)."""
    report = FileReport()
    with transaction.atomic():
        summary = questions_apply(
            bank=bank,
            items=file_scan(source, file_format, report, progress=progress),
            dry_run=dry_run,
            actor=actor,
        )
        if not report.ok:
            raise ImportInvalid(report.problems, report.total_problems)
    return summary


@transaction.atomic
def question_import_create(*, bank: QuestionBank, upload, actor=None) -> QuestionImport:
    """Store an uploaded file and queue its check (the admin's first step)."""
    file_format = format_for_filename(upload.name)
    if file_format is None:
        raise ExamError(_("只支持 .xlsx（Excel 模板）、.xml（Moodle XML）和 .gift/.txt（GIFT）文件。"))
    job = QuestionImport.objects.create(
        bank=bank, file=upload, original_name=upload.name[:255], file_format=file_format, created_by=actor
    )
    audit_log("exams.import.uploaded", target=job, actor=actor, data={"bank": bank.code, "name": job.original_name})
    from ..tasks import question_import_validate_task

    transaction.on_commit(lambda: question_import_validate_task.enqueue(job.pk))
    return job


def _progress_saver(job_pk: int):
    def save(rows: int) -> None:
        if rows % 200 == 0:
            QuestionImport.objects.filter(pk=job_pk).update(processed_rows=rows)

    return save


def question_import_validate(*, job_pk: int) -> QuestionImport:
    """Check the stored file and compute the preview (to create / to update / unchanged)."""
    updated = QuestionImport.objects.filter(pk=job_pk, status=QuestionImport.Status.PENDING).update(
        status=QuestionImport.Status.VALIDATING
    )
    job = QuestionImport.objects.select_related("bank").get(pk=job_pk)
    if not updated:
        return job  # already checked (a duplicate task)
    if job.file_format == "xlsx":
        from .excel import excel_row_count

        with job.file.open("rb") as fh:
            job.total_rows = excel_row_count(fh)
        QuestionImport.objects.filter(pk=job_pk).update(total_rows=job.total_rows)
    with job.file.open("rb") as fh:
        try:
            summary = questions_import(
                bank=job.bank, source=fh, file_format=job.file_format, dry_run=True, progress=_progress_saver(job_pk)
            )
        except ImportInvalid as exc:
            job.problems = [p.as_dict() for p in exc.problems]
            job.summary = {"total_problems": exc.total_problems}
            job.status = QuestionImport.Status.INVALID
        except Exception:
            # Never leave the admin watching a progress bar for ever; the error goes to the log.
            logger.exception("question import %s: check failed", job_pk)
            job.problems = [_unexpected_problem()]
            job.summary = {"total_problems": 1}
            job.status = QuestionImport.Status.FAILED
        else:
            rows = summary.created + summary.updated + summary.unchanged
            job.summary = {**summary.as_dict(), "rows": rows}
            job.status = QuestionImport.Status.VALID
    job.processed_rows = job.total_rows
    job.save(update_fields=["status", "problems", "summary", "processed_rows"])
    return job


@transaction.atomic
def question_import_confirm(*, job: QuestionImport, actor=None) -> QuestionImport:
    """The admin confirmed the preview: queue the real import. A second click changes nothing."""
    updated = QuestionImport.objects.filter(pk=job.pk, status=QuestionImport.Status.VALID).update(
        status=QuestionImport.Status.IMPORTING, processed_rows=0
    )
    if not updated:
        job.refresh_from_db()
        if job.status in (QuestionImport.Status.IMPORTING, QuestionImport.Status.DONE):
            return job
        raise ExamError(_("这个文件未通过检查，不能导入；请修改后重新上传。"))
    audit_log("exams.import.confirmed", target=job, actor=actor)
    from ..tasks import question_import_apply_task

    transaction.on_commit(lambda: question_import_apply_task.enqueue(job.pk))
    job.refresh_from_db()
    return job


def question_import_apply(*, job_pk: int) -> QuestionImport:
    """Write a confirmed import. If the file no longer passes (the bank changed meanwhile), nothing is written."""
    job = QuestionImport.objects.select_related("bank", "created_by").get(pk=job_pk)
    if job.status != QuestionImport.Status.IMPORTING:
        return job
    try:
        with job.file.open("rb") as fh:
            summary = questions_import(
                bank=job.bank,
                source=fh,
                file_format=job.file_format,
                actor=job.created_by,
                progress=_progress_saver(job_pk),
            )
    except ImportInvalid as exc:
        job.status = QuestionImport.Status.FAILED
        job.problems = [p.as_dict() for p in exc.problems]
    except Exception:
        logger.exception("question import %s: apply failed", job_pk)
        job.status = QuestionImport.Status.FAILED
        job.problems = [_unexpected_problem()]
    else:
        job.status = QuestionImport.Status.DONE
        job.summary = {**job.summary, **summary.as_dict()}
    job.finished_at = timezone.now()
    job.processed_rows = job.total_rows
    job.save(update_fields=["status", "problems", "summary", "finished_at", "processed_rows"])
    return job
