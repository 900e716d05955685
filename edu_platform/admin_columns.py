"""Listing columns and inspect views that show values in the reader's language.

Wagtail prints a listed or inspected field's raw Python value: ``True``/``False``/``None`` in a zh-hans
admin (its own ``BooleanColumn``'s tick icons, hidden text "True"/"False", are translated by the
template override templates/wagtailadmin/tables/boolean_cell.html). These show 是/否 (ticks with a
translated screen-reader label) and "—" for an empty value instead.
"""

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.workflows import WorkflowPageForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import InspectView
from wagtail.models import GroupPagePermission, Page, Site, WorkflowPage
from wagtail.sites.views import IndexView as SitesIndexView
from wagtail.sites.views import SiteViewSet
from wagtail.users.forms import PagePermissionsForm

EMPTY = "—"


def yes_no(model: type[models.Model], field_name: str, **kwargs) -> BooleanColumn:
    """A sortable tick/cross ``BooleanColumn`` for ``model.field_name``, labelled with its verbose name.

    Its hidden labels read 是/否/未填: templates/wagtailadmin/tables/boolean_cell.html overrides
    Wagtail's, which prints "True"/"False"/"None".
    """
    field = model._meta.get_field(field_name)
    kwargs.setdefault("label", capfirst(field.verbose_name))
    kwargs.setdefault("sort_key", field_name)
    return BooleanColumn(field_name, **kwargs)


class OrEmptyColumn(Column):
    """A plain column that shows "—" where the value is None or blank (Wagtail prints "None")."""

    empty_value_display = EMPTY


def or_empty(model: type[models.Model], field_name: str, **kwargs) -> OrEmptyColumn:
    """An ``OrEmptyColumn`` for ``model.field_name``, labelled and sortable like Wagtail's own."""
    field = model._meta.get_field(field_name)
    kwargs.setdefault("label", capfirst(field.verbose_name))
    kwargs.setdefault("sort_key", field_name)
    accessor = f"get_{field_name}_display" if getattr(field, "choices", None) else field_name
    return OrEmptyColumn(accessor, **kwargs)


def readable(value):
    """A field value as a reader should see it: 是/否 for booleans, "—" for None or blank."""
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if value is None or value == "":
        return EMPTY
    return value


class ReadableInspectView(InspectView):
    """Wagtail's inspect view, with booleans as 是/否 and empty values as "—" (not True/False/None)."""

    def get_field_display_value(self, field_name, field):
        return readable(super().get_field_display_value(field_name, field))


class SiteIndexView(SitesIndexView):
    """Wagtail's sites listing, whose "Port", "Site name" and "Root page" headers it leaves untranslated.

    Wagtail 8.0.1 builds those three columns without a label, so Django prints the attribute name in
    English; these use the Site model's own (translated) verbose names.
    """

    columns = [
        Column(column.name, label=capfirst(Site._meta.get_field(column.name).verbose_name), sort_key=column.sort_key)
        if column.name in ("port", "site_name", "root_page")
        else column
        for column in SitesIndexView.columns
    ]


def translate_wagtail_labels() -> None:
    """Give the Wagtail screens that print English field names the labels Wagtail's catalogue translates.

    Called once from ``EduPlatformConfig.ready``, before the admin URLs (and so the sites viewset's views)
    are built: the sites listing's column headers, and the hidden "Page" label of the page chooser in a
    group's page permissions and a workflow's pages (a form field without a label gets "Page"), and the
    hidden label of each page permission checkbox ("Wagtail 核心组件 | 页面 | Can add page", the stored
    English name), which reads Wagtail's own translated long label instead ("添加/编辑您拥有的页面").
    """
    SiteViewSet.index_view_class = SiteIndexView
    for form, model in ((PagePermissionsForm, GroupPagePermission), (WorkflowPageForm, WorkflowPage)):
        form.base_fields["page"].label = capfirst(model._meta.get_field("page").verbose_name)
    long_labels = {codename: long_label for codename, _short, long_label in Page.permission_types}
    PagePermissionsForm.base_fields["permissions"].label_from_instance = lambda permission: long_labels.get(
        permission.codename, str(permission)
    )
