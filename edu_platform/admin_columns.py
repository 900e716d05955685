"""Listing columns and inspect views that show values in the reader's language.

Wagtail prints a listed or inspected field's raw Python value: ``True``/``False``/``None`` in a zh-hans
admin, and its own ``BooleanColumn`` gives the tick icons the hidden text "True"/"False". These show
是/否 (ticks with a translated screen-reader label) and "—" for an empty value instead.
"""

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import InspectView

EMPTY = "—"


class YesNoColumn(BooleanColumn):
    """Wagtail's tick/cross column, whose hidden label reads 是/否 (未填 for None) instead of True/False."""

    cell_template_name = "edu_platform/boolean_cell.html"


def yes_no(model: type[models.Model], field_name: str, **kwargs) -> YesNoColumn:
    """A sortable ``YesNoColumn`` for ``model.field_name``, labelled with the field's verbose name."""
    field = model._meta.get_field(field_name)
    kwargs.setdefault("label", capfirst(field.verbose_name))
    kwargs.setdefault("sort_key", field_name)
    return YesNoColumn(field_name, **kwargs)


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
