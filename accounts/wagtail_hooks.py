"""Wagtail admin for enterprises and towns; saves go through accounts.services."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from edu_platform.admin import SelectRelatedMixin
from edu_platform.admin_columns import ReadableInspectView

from .models import Enterprise, Town
from .services import enterprise_create, enterprise_update, town_save

ENTERPRISE_FIELDS = ["name", "credit_code", "industry", "town", "address"]


class EnterpriseCreateView(CreateView):
    def save_instance(self):
        return enterprise_create(**self.form.cleaned_data, actor=self.request.user)


class EnterpriseEditView(EditView):
    def save_instance(self):
        return enterprise_update(enterprise=self.object, **self.form.cleaned_data, actor=self.request.user)


class EnterpriseViewSet(SelectRelatedMixin, ModelViewSet):
    model = Enterprise
    list_select_related = ("town",)
    name = "enterprise"
    url_prefix = "accounts/enterprise"
    icon = "home"
    menu_label = _("企业")
    add_view_class = EnterpriseCreateView
    edit_view_class = EnterpriseEditView
    form_fields = ENTERPRISE_FIELDS
    list_display = ["name", "credit_code", "industry", "town"]
    list_filter = ["industry", "town"]
    search_fields = ["name", "credit_code"]
    ordering = ["name"]
    inspect_view_class = ReadableInspectView
    inspect_view_enabled = True


class TownCreateView(CreateView):
    def save_instance(self):
        return town_save(town=None, **self.form.cleaned_data, actor=self.request.user)


class TownEditView(EditView):
    def save_instance(self):
        return town_save(town=self.object, **self.form.cleaned_data, actor=self.request.user)


class TownViewSet(ModelViewSet):
    model = Town
    name = "town"
    url_prefix = "accounts/town"
    icon = "site"
    menu_label = _("乡镇/开发区")
    add_view_class = TownCreateView
    edit_view_class = TownEditView
    form_fields = ["name", "code", "sort_order"]
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name"]


class AccountsViewSetGroup(ViewSetGroup):
    items = (EnterpriseViewSet, TownViewSet)
    menu_icon = "group"
    menu_label = _("企业与乡镇")
    menu_name = "accounts"


@hooks.register("register_admin_viewset")
def register_viewsets():
    return AccountsViewSetGroup()
