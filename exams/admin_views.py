"""Exam admins' pages in the Wagtail admin: import (upload → check → preview → confirm), exports,
blueprints with their bank check, and statistics. Every write goes through a service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edu_platform.admin import permission_required
from edu_platform.errors import Problem
from edu_platform.excel import workbook_write, xlsx_response

from . import admin_selectors
from .errors import ExamError
from .exporting import questions_gift, questions_moodle_xml, questions_xlsx
from .forms_admin import BlueprintForm, BlueprintRuleFormSet, ImportUploadForm, QuestionFilterForm
from .importing.problems import unit_label
from .importing.service import question_import_confirm, question_import_create
from .models import Blueprint, Chapter, ExamSubject, Question, QuestionBank, QuestionImport
from .selectors import exam_rule_for
from .services.blueprints import RuleData, blueprint_check, blueprint_save

RUNNING = (QuestionImport.Status.PENDING, QuestionImport.Status.VALIDATING, QuestionImport.Status.IMPORTING)


def _render(request, template, title, context, icon="doc-full"):
    return render(request, template, {"page_title": title, "header_title": title, "header_icon": icon, **context})


# --- import ------------------------------------------------------------------------------------


@permission_required("exams.add_question")
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial={"bank": request.GET.get("bank")})
    if request.method == "POST" and form.is_valid():
        try:
            job = question_import_create(
                bank=form.cleaned_data["bank"], upload=form.cleaned_data["file"], actor=request.user
            )
        except ExamError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("exams_admin:import_detail", pk=job.pk)
    return _render(
        request,
        "exams/admin/import_upload.html",
        _("导入试题"),
        {"form": form, "imports": admin_selectors.recent_imports()},
        icon="upload",
    )


def _job_progress(job: QuestionImport) -> dict:
    total = job.total_rows or 0
    percent = 100 if job.status not in RUNNING else (min(99, int(100 * job.processed_rows / total)) if total else 0)
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "processed": job.processed_rows,
        "total": total,
        "percent": percent,
        "running": job.status in RUNNING,
    }


@permission_required("exams.add_question")
def import_detail(request, pk: int):
    job = get_object_or_404(QuestionImport.objects.select_related("bank", "created_by"), pk=pk)
    return _render(
        request,
        "exams/admin/import_detail.html",
        _("导入：%(name)s") % {"name": job.original_name},
        {
            "job": job,
            "progress": _job_progress(job),
            "problems": [{**p, "unit_label": unit_label(p.get("unit") or "行")} for p in job.problems],
            "problem_total": job.summary.get("total_problems") or len(job.problems),
        },
        icon="upload",
    )


@permission_required("exams.add_question")
def import_status(request, pk: int):
    job = get_object_or_404(QuestionImport, pk=pk)
    return JsonResponse(_job_progress(job))


@permission_required("exams.add_question")
@require_POST
def import_confirm(request, pk: int):
    job = get_object_or_404(QuestionImport, pk=pk)
    try:
        job = question_import_confirm(job=job, actor=request.user)
    except ExamError as exc:
        messages.error(request, exc.message)
    return redirect("exams_admin:import_detail", pk=job.pk)


# --- export ------------------------------------------------------------------------------------

EXPORTERS = {
    "xlsx": None,
    "xml": (questions_moodle_xml, "application/xml; charset=utf-8"),
    "gift": (questions_gift, "text/plain; charset=utf-8"),
}


def _export(queryset, fmt: str, basename: str) -> HttpResponse:
    if fmt == "xlsx":
        return xlsx_response(questions_xlsx(queryset), f"{basename}.xlsx")
    writer, content_type = EXPORTERS[fmt]
    response = StreamingHttpResponse(writer(queryset), content_type=content_type)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(basename)}.{fmt}"
    return response


@permission_required("exams.view_question")
def bank_export(request, pk: int, fmt: str):
    bank = get_object_or_404(QuestionBank, pk=pk)
    if fmt not in EXPORTERS:
        raise Http404(_("没有这种导出格式。"))
    return _export(Question.objects.filter(bank=bank), fmt, f"{bank.code}-{timezone.localdate():%Y%m%d}")


@permission_required("exams.view_question")
def questions_export(request):
    """The question list as filtered in the admin listing (same parameter names), as xlsx."""
    form = QuestionFilterForm(request.GET)
    return _export(form.filter(Question.objects.all()), "xlsx", f"questions-{timezone.localdate():%Y%m%d}")


@permission_required("exams.view_question")
def banks_overview(request):
    return _render(
        request,
        "exams/admin/banks_overview.html",
        _("题库导入导出"),
        {"banks": admin_selectors.banks_with_counts()},
        icon="folder-open-inverse",
    )


# --- blueprints --------------------------------------------------------------------------------


@permission_required("exams.view_blueprint")
def blueprint_list(request):
    blueprints = list(admin_selectors.blueprints_for_admin())
    return _render(
        request,
        "exams/admin/blueprint_list.html",
        _("组卷规则"),
        {"blueprints": blueprints, "subjects": ExamSubject.objects.order_by("name")},
        icon="list-ol",
    )


@permission_required("exams.change_blueprint")
def blueprint_edit(request, pk: int | None = None):
    if pk is None and not request.user.has_perm("exams.add_blueprint"):
        raise PermissionDenied
    blueprint = get_object_or_404(Blueprint.objects.select_related("subject"), pk=pk) if pk else None
    subject = blueprint.subject if blueprint else get_object_or_404(ExamSubject, pk=request.GET.get("subject") or 0)
    chapters = Chapter.objects.filter(bank__subjects=subject).select_related("bank").order_by("bank__name", "path")
    if blueprint:
        initial = {
            name: getattr(blueprint, name)
            for name in ("name", "effective_from", "shuffle_options", "attempts_allowed", "is_active")
        }
        rule_initial = [
            {"question_type": r.question_type, "chapter": r.chapter_id, "count": r.count, "points": r.points}
            for r in blueprint.rules.all()
        ]
    else:
        initial, rule_initial = (
            {},
            [
                {"question_type": "true_false", "count": 70, "points": 1},
                {"question_type": "single", "count": 30, "points": 1},
            ],
        )
    form = BlueprintForm(request.POST or None, initial=initial)
    formset = BlueprintRuleFormSet(
        request.POST or None, initial=rule_initial, prefix="rules", form_kwargs={"chapters": chapters}
    )
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kept = [f for f in formset.forms if not f.is_blank and not f.cleaned_data.get("DELETE")]
        rules = [
            RuleData(
                question_type=f.cleaned_data["question_type"],
                count=f.cleaned_data["count"],
                points=f.cleaned_data["points"],
                chapter=f.cleaned_data.get("chapter"),
            )
            for f in kept
        ]
        try:
            saved = blueprint_save(
                blueprint=blueprint, subject=subject, values=form.cleaned_data, rules=rules, actor=request.user
            )
        except ExamError as error:
            problems = error.sorted_problems()
            for problem in problems:
                # A line's problem goes on that line's field too (rows count the lines kept).
                if problem.row and problem.row <= len(kept) and problem.field in kept[problem.row - 1].fields:
                    kept[problem.row - 1].add_error(problem.field, problem.message)
                elif problem.field in form.fields:
                    form.add_error(problem.field, problem.message)
        else:
            messages.success(request, _("组卷规则已保存；题库可以组出这份试卷。"))
            return redirect("exams_admin:blueprint_edit", pk=saved.pk)
    current_problems = blueprint_check(blueprint) if blueprint and request.method == "GET" else []
    return _render(
        request,
        "exams/admin/blueprint_edit.html",
        _("组卷规则：%(subject)s") % {"subject": subject.name},
        {
            "form": form,
            "formset": formset,
            "blueprint": blueprint,
            "subject": subject,
            "problems": problems or current_problems,
            "saving": request.method == "POST",
            "rule": exam_rule_for(subject, on=blueprint.effective_from if blueprint else None),
        },
        icon="list-ol",
    )


# --- statistics --------------------------------------------------------------------------------


@permission_required("exams.view_questionstatistic")
def statistics(request):
    subject_stats = list(admin_selectors.subject_statistics())
    for stat in subject_stats:
        stat.pass_rate = 100.0 * stat.passed / stat.attempts if stat.attempts else 0.0
    computed_at = max((s.computed_at for s in subject_stats), default=None)
    return _render(
        request,
        "exams/admin/statistics.html",
        _("考试统计"),
        {
            "subject_stats": subject_stats,
            "flagged": admin_selectors.flagged_questions(),
            "question_stats": admin_selectors.question_statistics(),
            "computed_at": computed_at,
        },
        icon="table",
    )


@permission_required("exams.view_questionstatistic")
@require_POST
def statistics_refresh(request):
    from .tasks import statistics_compute_task

    transaction.on_commit(lambda: statistics_compute_task.enqueue())
    messages.success(request, _("已安排重新计算统计，完成后刷新本页即可看到新结果。"))
    return redirect("exams_admin:statistics")


@permission_required("exams.view_attempt")
def results_export(request):
    """Graded mock exams as xlsx (formula-injection safe)."""

    def rows():
        for attempt in admin_selectors.graded_attempts().iterator(chunk_size=2000):
            yield [
                attempt.user.display_name,
                attempt.user.username,
                attempt.subject.name,
                timezone.localtime(attempt.started_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(attempt.finished_at).strftime("%Y-%m-%d %H:%M") if attempt.finished_at else "",
                float(attempt.score),
                float(attempt.max_score),
                _("合格") if attempt.passed else _("不合格"),
                attempt.get_status_display(),
            ]

    headers = [
        _("考生"),
        _("用户名"),
        _("考试科目"),
        _("开始时间"),
        _("交卷时间"),
        _("得分"),
        _("满分"),
        _("结果"),
        _("状态"),
    ]
    content = workbook_write(rows(), headers=headers, title=_("模拟考试成绩"))
    return xlsx_response(content, f"mock-exam-results-{timezone.localdate():%Y%m%d}.xlsx")
