"""Wagtail admin for 培训管理员: courses with their lessons, enrolments and the training-records export."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from accounts.models import PersonCategory
from edu_platform.admin import SelectRelatedMixin, ServiceWrittenPermissionPolicy, permission_required
from edu_platform.admin_columns import ReadableInspectView, yes_no
from edu_platform.dated_rules import STANDARD_WORDING, InForceRefusalMixin
from edu_platform.excel import workbook_write, xlsx_response

from . import selectors
from .errors import CourseError
from .models import Course, Enrolment, Lesson, TrainingHoursRule, TrainingType
from .services.rules import (
    HoursRuleData,
    training_hours_rule_create,
    training_hours_rule_delete,
    training_hours_rule_update,
)

Lesson.panels = [
    FieldPanel("title"),
    FieldPanel("minutes"),
    FieldPanel("body"),
    FieldPanel("video_url"),
]


class CourseDeleteView(DeleteView):
    """A course learners enrolled in keeps its training records: refuse with a way out, not a 500."""

    def _refuse(self):
        messages.error(self.request, _("已有学员报名该课程，不能删除；如不再开课，请取消勾选“已发布”。"))
        return redirect(self.edit_url_name, self.object.pk)

    def form_valid(self, form):
        # Checked first: Wagtail's reference index may already call the course "protected" and
        # answer with a bare permission error instead of saying why.
        if Enrolment.objects.filter(course=self.object).exists():
            return self._refuse()
        try:
            return super().form_valid(form)
        except ProtectedError:
            return self._refuse()


class CourseEditView(EditView):
    """Removing a lesson that learners already studied would erase their hours: refuse the whole save."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            self.produced_error_message = _("已有学员学习过要删除的课时，不能删除该课时；可以修改其内容。")
            form.add_error(None, self.produced_error_message)
            return self.form_invalid(form)


class CourseViewSet(SelectRelatedMixin, ModelViewSet):
    model = Course
    edit_view_class = CourseEditView
    delete_view_class = CourseDeleteView
    icon = "doc-full"
    menu_label = gettext_lazy("课程")
    list_display = ["title", "person_category", "training_type", yes_no(Course, "is_published"), "updated_at"]
    list_filter = ["person_category", "training_type", "industry", "is_published"]
    search_fields = ["title", "summary"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("summary"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("person_category"), FieldPanel("training_type"), FieldPanel("industry")]),
                FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("cover_colour"), FieldPanel("is_published")]),
            ],
            heading=gettext_lazy("课程信息"),
        ),
        InlinePanel(
            "lessons", heading=gettext_lazy("课时（45 分钟折合 1 学时）"), label=gettext_lazy("课时"), min_num=1
        ),
    ]


EXPORT_HEADERS = [
    "课程",
    "培训类型",
    "学员",
    "用户名",
    "人员类别",
    "工作单位",
    "报名时间",
    "报名人",
    "已获学时",
    "完成时间",
    "结业证书编号",
]


def _export_rows(records):
    # Labels translated once: get_FOO_display() per row spends most of an export hashing lazy strings.
    training_types = {value: str(label) for value, label in TrainingType.choices}
    categories = {value: str(label) for value, label in PersonCategory.choices}
    for enrolment in records.iterator(chunk_size=500):
        user = enrolment.user
        certificate = getattr(enrolment, "certificate", None)
        yield [
            enrolment.course.title,
            training_types.get(enrolment.course.training_type, enrolment.course.training_type),
            user.real_name,
            user.username,
            categories.get(user.person_category, user.person_category),
            user.enterprise.name if user.enterprise else "",
            timezone.localtime(enrolment.created_at).strftime("%Y-%m-%d %H:%M"),
            str(enrolment.enrolled_by) if enrolment.enrolled_by else "",
            selectors.minutes_to_hours(enrolment.done_minutes),
            timezone.localtime(enrolment.completed_at).strftime("%Y-%m-%d %H:%M") if enrolment.completed_at else "",
            certificate.number if certificate else "",
        ]


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@permission_required("courses.view_enrolment")
def training_records_export(request):
    """Excel of training records (enrolments with hours), narrowed by the listing's course and year filters."""
    records = selectors.training_records(
        course_id=_int_or_none(request.GET.get("course")), year=_int_or_none(request.GET.get("created_at__year"))
    )
    content = workbook_write(_export_rows(records), headers=EXPORT_HEADERS, title="培训记录")
    return xlsx_response(content, f"培训记录-{timezone.localdate():%Y%m%d}.xlsx")


register_permission_policy(Enrolment, ServiceWrittenPermissionPolicy(Enrolment))


class EnrolmentIndexView(IndexView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        query = self.request.GET.urlencode()
        url = reverse("courses_enrolment:export_training_records") + (f"?{query}" if query else "")
        buttons.append(Button(_("导出培训记录（Excel）"), url=url, icon_name="download", priority=80))
        return buttons


class EnrolmentViewSet(SelectRelatedMixin, ModelViewSet):
    model = Enrolment
    name = "courses_enrolment"
    icon = "user"
    menu_label = gettext_lazy("报名与培训记录")
    index_view_class = EnrolmentIndexView
    inspect_view_class = ReadableInspectView
    inspect_view_enabled = True
    list_display = [
        "user",
        "course",
        Column("enrolled_by", label=gettext_lazy("报名人")),
        DateColumn("created_at", label=gettext_lazy("报名时间")),
        DateColumn("completed_at", label=gettext_lazy("完成时间")),
    ]
    list_filter = {"course": ["exact"], "created_at": ["year"], "completed_at": ["isnull"]}
    search_fields = ["user__real_name", "user__username", "course__title"]
    copy_view_enabled = False
    # Required by ModelViewSet; the permission policy above keeps the add/edit views closed.
    form_fields = ["user", "course"]
    # Wagtail 8's index view never calls get_queryset(request): the mixin hands it this join.
    list_select_related = ("user", "course", "enrolled_by")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("export-training-records/", training_records_export, name="export_training_records"),
        ]


HOURS_RULE_FIELDS = [
    "person_category",
    "industry",
    "effective_from",
    "initial_hours",
    "initial_window_months",
    "annual_hours",
    "annual_window_months",
    "basis",
]


def _rule_data(form) -> HoursRuleData:
    return HoursRuleData(**{name: form.cleaned_data[name] for name in HOURS_RULE_FIELDS})


class _ServiceFormMixin:
    """Create/edit through the rules service; its refusal becomes a message on the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except CourseError as error:
            error.add_to_form(form)
            self.produced_error_message = error.message
            return self.form_invalid(form)


class HoursRuleCreateView(_ServiceFormMixin, CreateView):
    def save_instance(self):
        return training_hours_rule_create(actor=self.request.user, data=_rule_data(self.form))


class _InForceRefusal(InForceRefusalMixin):
    rule_wording = STANDARD_WORDING


class HoursRuleEditView(_InForceRefusal, _ServiceFormMixin, EditView):
    """A rule in force decided past requirements: it is never edited, a later row supersedes it."""

    def save_instance(self):
        return training_hours_rule_update(actor=self.request.user, rule=self.object, data=_rule_data(self.form))


class HoursRuleDeleteView(_InForceRefusal, DeleteView):
    def form_valid(self, form):
        try:
            training_hours_rule_delete(actor=self.request.user, rule=self.object)
        except CourseError as error:
            messages.error(self.request, error.message)
            return redirect(self.index_url_name)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class TrainingHoursRuleViewSet(SelectRelatedMixin, ModelViewSet):
    model = TrainingHoursRule
    icon = "date"
    menu_label = gettext_lazy("培训学时标准")
    add_view_class = HoursRuleCreateView
    edit_view_class = HoursRuleEditView
    delete_view_class = HoursRuleDeleteView
    copy_view_enabled = False
    list_display = [
        "person_category",
        "industry",
        "initial_hours",
        "annual_hours",
        "effective_from",
    ]
    list_filter = ["person_category", "industry"]
    form_fields = HOURS_RULE_FIELDS


class CoursesGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("培训管理")
    menu_icon = "doc-full-inverse"
    menu_order = 310
    items = (CourseViewSet("courses_course"), EnrolmentViewSet(), TrainingHoursRuleViewSet("courses_hours_rule"))


@hooks.register("register_admin_viewset")
def register_courses_viewsets():
    return CoursesGroup()


from .admin_panels import add_home_panel  # noqa: E402


@hooks.register("construct_homepage_panels")
def register_home_panel(request, panels):
    add_home_panel(request, panels)
