"""The exam admins' panel on the Wagtail dashboard: bank sizes, imports that need someone, and
questions the statistics flagged for review. Three queries, whatever the data size."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import QuestionBank, QuestionImport

PERMISSION = "exams.change_question"
# Failed uploads stay on the dashboard this long; after that they are history, not work.
FAILED_IMPORT_DAYS = 7
IMPORT_ROWS = 5


class ExamsHomePanel(Component):
    name = "exams_summary"
    order = 150
    template_name = "exams/admin/panels/summary.html"

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        since = timezone.now() - timedelta(days=FAILED_IMPORT_DAYS)
        awaiting = Q(status=QuestionImport.Status.VALID)
        failed = Q(status__in=[QuestionImport.Status.FAILED, QuestionImport.Status.INVALID], created_at__gte=since)
        imports = QuestionImport.objects.filter(awaiting | failed)
        import_counts = imports.aggregate(
            awaiting=Count("pk", filter=awaiting), failed=Count("pk", filter=failed & ~awaiting)
        )
        # One pass over the active banks' active questions (a LEFT JOIN to their statistic).
        active_question = Q(questions__is_active=True)
        bank_counts = QuestionBank.objects.filter(is_active=True).aggregate(
            active_banks=Count("pk", distinct=True),
            active_questions=Count("questions", filter=active_question),
            flagged=Count("questions", filter=active_question & Q(questions__statistic__flagged=True)),
        )
        return {
            "bank_count": bank_counts["active_banks"],
            "question_count": bank_counts["active_questions"],
            "awaiting_count": import_counts["awaiting"],
            "failed_count": import_counts["failed"],
            "failed_days": FAILED_IMPORT_DAYS,
            "imports": list(imports.select_related("bank").order_by("-created_at")[:IMPORT_ROWS]),
            "flagged_count": bank_counts["flagged"],
            "can_view_statistics": user.has_perm("exams.view_questionstatistic"),
        }


def add_home_panel(request, panels) -> None:
    if request.user.has_perm(PERMISSION):
        panels.append(ExamsHomePanel())
