"""The register in the Wagtail admin: listing with filters, Excel export, inspect with history,
revoke and 复审 through the services, a dashboard of expiries, and the rule tables.

Certificates, reviews and reminders are written only by services (lock, checks, audit), so their
viewsets read and inspect; the rules are add-only once in force (``CertificateRuleEditView``).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from edu_platform.admin import SelectRelatedMixin, ServiceWrittenPermissionPolicy
from edu_platform.admin_columns import ReadableInspectView, yes_no
from edu_platform.dated_rules import InForceRefusalMixin

from . import admin_views
from .admin_forms import CertificateFilterSet
from .audit_actions import AUDIT_ACTIONS
from .errors import CertificateError
from .models import Certificate, CertificateRule, SubjectCertificateMapping
from .services.rules import rule_create, rule_delete, rule_update

register_permission_policy(Certificate, ServiceWrittenPermissionPolicy(Certificate))


class CertificateIndexView(IndexView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        query = self.request.GET.urlencode()
        url = reverse("certificates_register:export_xlsx") + (f"?{query}" if query else "")
        buttons.append(Button(_("导出证书台账（Excel）"), url=url, icon_name="download", priority=80))
        buttons.append(
            Button(_("到期统计"), url=reverse("certificates_register:dashboard"), icon_name="table", priority=90)
        )
        return buttons


def _history(certificate) -> list[dict]:
    """The certificate's audit lines with their Chinese labels (the platform's audit log, newest first)."""
    from edu_platform.audit import audit_entries_for

    return [
        {
            "at": getattr(entry, "created_at", None) or getattr(entry, "timestamp", None),
            "label": AUDIT_ACTIONS.get(entry.action, entry.action),
            "actor": entry.user,
        }
        for entry in audit_entries_for(certificate)
    ]


class CertificateInspectView(ReadableInspectView):
    template_name = "certificates/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reviews = list(self.object.reviews.all())
        user = self.request.user
        context.update(
            status_label=self.object.status_label_on(timezone.localdate()),
            reviews=reviews,
            history=_history(self.object),
            can_revoke=user.has_perm("certificates.revoke_certificate"),
            can_review=user.has_perm("certificates.review_certificate"),
        )
        return context


def _status(certificate) -> str:
    return certificate.status_label_on(timezone.localdate())


class CertificateViewSet(SelectRelatedMixin, ModelViewSet):
    model = Certificate
    name = "certificates_register"
    url_prefix = "certificates/register"
    icon = "doc-full"
    menu_label = gettext_lazy("证书台账")
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_select_related = ("town",)
    list_display = [
        "number",
        "holder_name",
        Column("kind", label=gettext_lazy("证书类型"), accessor="get_kind_display"),
        Column("category", label=gettext_lazy("人员类别/操作项目"), accessor="category"),
        "enterprise_name",
        Column("town", label=gettext_lazy("乡镇")),
        DateColumn("valid_until", label=gettext_lazy("有效期至")),
        Column("status", label=gettext_lazy("状态"), accessor=_status),
    ]
    filterset_class = CertificateFilterSet
    search_fields = ["number", "holder_name", "enterprise_name"]
    inspect_view_fields = [
        "number",
        "holder_name",
        "kind",
        "person_category",
        "industry",
        "operation_group",
        "operation",
        "enterprise_name",
        "town",
        "issued_on",
        "valid_until",
        "next_review_due",
        "source_booking",
        "imported",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
        "created_at",
    ]
    # Required by ModelViewSet; the permission policy keeps add/edit/delete closed.
    form_fields = ["number"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("export.xlsx", admin_views.export, name="export_xlsx"),
            path("dashboard/", admin_views.dashboard, name="dashboard"),
            path("<int:pk>/revoke/", admin_views.revoke, name="revoke"),
            path("<int:pk>/review/", admin_views.review, name="review"),
        ]


RULE_FIELDS = [
    "kind",
    "person_category",
    "industry",
    "operation_group",
    "operation",
    "effective_from",
    "validity_years",
    "review_interval_years",
    "review_hours",
    "basis",
]


class RuleServiceMixin:
    """Rules are saved through the services, which refuse to edit a rule already in force."""

    def save_instance(self):
        data = {name: self.form.cleaned_data.get(name) for name in RULE_FIELDS}
        if self.object is not None and self.object.pk:
            return rule_update(rule_id=self.object.pk, actor=self.request.user, **data)
        return rule_create(actor=self.request.user, **data)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except CertificateError as exc:
            # form_valid's atomic block has rolled back; the form re-renders with what the admin typed.
            exc.add_to_form(form)
            if self.object is not None and self.object.pk:
                self.object.refresh_from_db()
            self.produced_error_code = "validation_error"
            self.produced_error_message = exc.message
            return self.form_invalid(form)


class CertificateRuleCreateView(RuleServiceMixin, CreateView):
    pass


class CertificateRuleEditView(InForceRefusalMixin, RuleServiceMixin, EditView):
    # A rule in force opens no form; a stale form posted anyway gets the service's refusal on it.
    refuse_in_force_on = ("get",)


class CertificateRuleDeleteView(InForceRefusalMixin, DeleteView):
    """Only a rule not yet in force may be withdrawn, through the service (audited)."""

    def form_valid(self, form):
        try:
            rule_delete(rule_id=self.object.pk, actor=self.request.user)
        except CertificateError as exc:
            messages.error(self.request, exc.message)
            return redirect(self.index_url_name)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class CertificateRuleViewSet(ModelViewSet):
    model = CertificateRule
    name = "certificates_rules"
    url_prefix = "certificates/rules"
    icon = "date"
    menu_label = gettext_lazy("发证规则")
    add_view_class = CertificateRuleCreateView
    edit_view_class = CertificateRuleEditView
    delete_view_class = CertificateRuleDeleteView
    list_display = [
        "kind",
        "person_category",
        "industry",
        "operation",
        "effective_from",
        "validity_years",
        "review_interval_years",
        "review_hours",
    ]
    list_filter = ["kind", "person_category", "operation_group"]
    form_fields = RULE_FIELDS
    copy_view_enabled = False


class MappingViewSet(SelectRelatedMixin, ModelViewSet):
    model = SubjectCertificateMapping
    name = "certificates_mappings"
    url_prefix = "certificates/mappings"
    icon = "link"
    menu_label = gettext_lazy("科目发证对应")
    list_select_related = ("subject",)
    list_display = [
        "subject",
        "kind",
        "person_category",
        "industry",
        "operation",
        yes_no(SubjectCertificateMapping, "issues_certificate"),
    ]
    form_fields = ["subject", "kind", "person_category", "industry", "operation", "issues_certificate"]


class CertificatesGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("考核发证")
    menu_icon = "doc-full-inverse"
    menu_order = 305
    items = (CertificateViewSet(), CertificateRuleViewSet(), MappingViewSet())


@hooks.register("register_admin_viewset")
def register_certificates_viewsets():
    return CertificatesGroup()


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("certificates.view_certificate")


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        gettext_lazy("证书到期统计"), reverse_lazy("certificates_register:dashboard"), icon_name="table", order=306
    )
