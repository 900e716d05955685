"""Exam admins' workspace in the Wagtail admin (group 考务管理员): banks (a snippet, so the
campaigns quiz block can choose one), chapters, questions, subjects, exam rules, attempts, plus the
import/export, blueprint and statistics pages in ``admin_views``."""

from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from edu_platform.admin import SelectRelatedMixin, ServiceWrittenPermissionPolicy
from edu_platform.admin_columns import ReadableInspectView, yes_no

from . import admin_views
from .admin_rules import RULE_FORM_FIELDS, ExamRuleCreateView, ExamRuleDeleteView, ExamRuleEditView
from .forms_admin import ChapterForm, QuestionForm
from .models import Attempt, Chapter, ExamRule, ExamSubject, Question, QuestionBank

admin_urlpatterns = [
    path("banks/", admin_views.banks_overview, name="banks_overview"),
    path("banks/<int:pk>/export/<str:fmt>/", admin_views.bank_export, name="bank_export"),
    path("questions/export.xlsx", admin_views.questions_export, name="questions_export"),
    path("import/", admin_views.import_upload, name="import_upload"),
    path("import/<int:pk>/", admin_views.import_detail, name="import_detail"),
    path("import/<int:pk>/status.json", admin_views.import_status, name="import_status"),
    path("import/<int:pk>/confirm/", admin_views.import_confirm, name="import_confirm"),
    path("blueprints/", admin_views.blueprint_list, name="blueprint_list"),
    path("blueprints/new/", admin_views.blueprint_edit, name="blueprint_add"),
    path("blueprints/<int:pk>/", admin_views.blueprint_edit, name="blueprint_edit"),
    path("statistics/", admin_views.statistics, name="statistics"),
    path("statistics/refresh/", admin_views.statistics_refresh, name="statistics_refresh"),
    path("statistics/results.xlsx", admin_views.results_export, name="results_export"),
]


# Attempts are written only by the candidate's own mock exam; admins look, never edit.
register_permission_policy(Attempt, ServiceWrittenPermissionPolicy(Attempt))


class QuestionBankViewSet(SelectRelatedMixin, SnippetViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("题库")
    url_prefix = "exams/banks"
    add_to_admin_menu = False
    form_fields = ["code", "name", "description", "is_public", "is_active"]
    list_display = ["name", "code", yes_no(QuestionBank, "is_public"), yes_no(QuestionBank, "is_active")]
    list_filter = ["is_public", "is_active"]
    search_fields = ["name", "code"]
    copy_view_enabled = False


register_snippet(QuestionBankViewSet)


class ChapterViewSet(SelectRelatedMixin, ModelViewSet):
    list_select_related = ("bank",)
    name = "exams_chapters"
    url_prefix = "exams/chapters"
    model = Chapter
    icon = "list-ul"
    menu_label = _("章节")
    list_display = ["path", "bank", "sort_order"]
    list_filter = ["bank"]
    search_fields = ["path"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ChapterForm


class QuestionIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        params = {
            k: v
            for k, v in self.request.GET.items()
            if k in {"bank", "type", "chapter", "difficulty", "is_active", "q"}
        }
        url = reverse("exams_admin:questions_export")
        if params:
            url += "?" + urlencode(params)
        buttons.append(HeaderButton(_("导出当前筛选（Excel）"), url=url, icon_name="download"))
        buttons.append(HeaderButton(_("导入试题"), url=reverse("exams_admin:import_upload"), icon_name="upload"))
        return buttons


class QuestionViewSet(SelectRelatedMixin, ModelViewSet):
    list_select_related = ("bank", "chapter")
    name = "exams_questions"
    url_prefix = "exams/questions"
    model = Question
    icon = "help"
    menu_label = _("试题")
    index_view_class = QuestionIndexView
    list_display = ["stem", "type", "bank", "chapter", "difficulty", yes_no(Question, "is_active")]
    list_filter = ["bank", "type", "chapter", "difficulty", "is_active"]
    search_fields = ["stem"]
    list_per_page = 50
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return QuestionForm


class ExamSubjectViewSet(SelectRelatedMixin, ModelViewSet):
    name = "exams_subjects"
    url_prefix = "exams/subjects"
    model = ExamSubject
    icon = "form"
    menu_label = _("考试科目")
    form_fields = ["code", "name", "person_category", "field", "kind", "practical_required", "banks", "is_active"]
    list_display = ["name", "code", "person_category", "field", yes_no(ExamSubject, "is_active")]
    list_filter = ["person_category", "kind", "is_active"]
    search_fields = ["name", "code"]
    copy_view_enabled = False


class ExamRuleViewSet(SelectRelatedMixin, ModelViewSet):
    list_select_related = ("subject",)
    name = "exams_rules"
    url_prefix = "exams/rules"
    model = ExamRule
    icon = "date"
    menu_label = _("考试规则")
    form_fields = RULE_FORM_FIELDS
    add_view_class = ExamRuleCreateView
    edit_view_class = ExamRuleEditView
    delete_view_class = ExamRuleDeleteView
    list_display = [
        "__str__", "effective_from", "full_marks", "pass_mark", "practical_pass_mark", "duration_minutes", "basis",
    ]  # fmt: skip
    list_filter = ["subject"]
    copy_view_enabled = False


class ScoreColumn(Column):
    def get_value(self, instance):
        return "—" if instance.score is None else f"{instance.score:g} / {instance.max_score:g}"


class AttemptViewSet(SelectRelatedMixin, ModelViewSet):
    list_select_related = ("user", "subject")
    name = "exams_attempts"
    url_prefix = "exams/attempts"
    model = Attempt
    icon = "doc-full"
    menu_label = _("模拟考试答卷")
    # Attempts are saved on every submit; indexing their references would cost queries on that hot path.
    add_to_reference_index = False
    form_fields = ["status"]
    list_display = [
        "user",
        "subject",
        "status",
        "started_at",
        ScoreColumn("score", label=_("得分")),
        yes_no(Attempt, "passed"),
    ]
    list_filter = ["subject", "status", "passed"]
    search_fields = []
    inspect_view_class = ReadableInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "user",
        "subject",
        "blueprint",
        "exam_rule",
        "status",
        "started_at",
        "deadline",
        "finished_at",
        "score",
        "max_score",
        "pass_mark",
        "passed",
    ]
    copy_view_enabled = False


class ExamsViewSetGroup(ModelViewSetGroup):
    menu_label = _("题库与模拟考试")
    menu_icon = "help"
    menu_order = 310
    items = (QuestionViewSet, ChapterViewSet, ExamSubjectViewSet, ExamRuleViewSet, AttemptViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ExamsViewSetGroup()


@hooks.register("register_admin_urls")
def register_urls():
    return [path("exams-desk/", include((admin_urlpatterns, "exams_admin"), namespace="exams_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_work_menu():
    items = [
        PermissionMenuItem(
            _("题库"),
            reverse("wagtailsnippets_exams_questionbank:list"),
            icon_name="folder-open-inverse",
            order=5,
            permission="exams.view_questionbank",
        ),
        PermissionMenuItem(
            _("导入导出"),
            reverse("exams_admin:banks_overview"),
            icon_name="upload",
            order=10,
            permission="exams.view_question",
        ),
        PermissionMenuItem(
            _("组卷规则"),
            reverse("exams_admin:blueprint_list"),
            icon_name="list-ol",
            order=20,
            permission="exams.view_blueprint",
        ),
        PermissionMenuItem(
            _("考试统计"),
            reverse("exams_admin:statistics"),
            icon_name="table",
            order=30,
            permission="exams.view_questionstatistic",
        ),
    ]

    class WorkMenuItem(SubmenuMenuItem):
        def is_shown(self, request):
            return request.user.has_perm("exams.view_question")

    return WorkMenuItem(_("题库工作"), Menu(items=items), icon_name="tasks", order=311)


from .admin_panels import add_home_panel  # noqa: E402


@hooks.register("construct_homepage_panels")
def register_home_panel(request, panels):
    add_home_panel(request, panels)
