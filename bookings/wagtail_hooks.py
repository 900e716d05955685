"""Exam admins' workspace in the Wagtail admin (group 考务管理员).

Centres and rooms use Wagtail's forms, but their create/edit/delete views go through the services
(permission, audit line, a room's seats never below its upcoming sessions, nothing with sessions
deleted). Sessions and bookings are listed and inspected here but only changed through the pages in
``admin_views`` that call the services, so every change takes the session lock, checks capacity and
notifies candidates.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from edu_platform.admin import SelectRelatedMixin, ServiceWrittenPermissionPolicy
from edu_platform.admin_columns import ReadableInspectView, yes_no

from . import admin_urls, services
from .errors import BookingError
from .models import Booking, ExamCentre, ExamSession, Room
from .services.staff import STAFF_PERMISSION

register_permission_policy(ExamSession, ServiceWrittenPermissionPolicy(ExamSession))
register_permission_policy(Booking, ServiceWrittenPermissionPolicy(Booking))


class ServiceSaveMixin:
    """Create/edit views that save through a service; a ``BookingError`` comes back as a form error."""

    def call_service(self, data: dict):
        raise NotImplementedError

    def save_instance(self):
        # The service writes the audit line, which is also Wagtail's history ("last updated", history page).
        return self.call_service(dict(self.form.cleaned_data))

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except BookingError as exc:
            # form_valid's atomic block has rolled back; the form re-renders with what the admin typed.
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
            if self.object is not None and self.object.pk:
                self.object.refresh_from_db()
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class ServiceDeleteMixin:
    """Delete views that delete through a service; a refusal is shown on the object's edit page."""

    def call_service(self):
        raise NotImplementedError

    def delete_action(self):
        self.call_service()

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except BookingError as exc:
            messages.error(self.request, exc.message)
            return redirect(self.edit_url_name, self.object.pk)


class CentreCreateView(ServiceSaveMixin, CreateView):
    def call_service(self, data):
        return services.centre_create(actor=self.request.user, **data)


class CentreEditView(ServiceSaveMixin, EditView):
    def call_service(self, data):
        return services.centre_update(actor=self.request.user, centre_id=self.object.pk, **data)


class CentreDeleteView(ServiceDeleteMixin, DeleteView):
    def call_service(self):
        services.centre_delete(actor=self.request.user, centre_id=self.object.pk)


class RoomCreateView(ServiceSaveMixin, CreateView):
    def call_service(self, data):
        return services.room_create(actor=self.request.user, **data)


class RoomEditView(ServiceSaveMixin, EditView):
    def call_service(self, data):
        return services.room_update(actor=self.request.user, room_id=self.object.pk, **data)


class RoomDeleteView(ServiceDeleteMixin, DeleteView):
    def call_service(self):
        services.room_delete(actor=self.request.user, room_id=self.object.pk)


class ExamCentreViewSet(SelectRelatedMixin, ModelViewSet):
    name = "bookings_centres"
    url_prefix = "bookings/centres"
    model = ExamCentre
    icon = "home"
    menu_label = _("考点")
    add_view_class = CentreCreateView
    edit_view_class = CentreEditView
    delete_view_class = CentreDeleteView
    list_select_related = ("town",)
    form_fields = [
        "name",
        "address",
        "town",
        "contact_phone",
        "opening_hours",
        "directions",
        "accessibility_notes",
        "subjects",
        "check_in_opens_minutes",
        "check_in_closes_minutes",
        "is_active",
    ]
    list_display = ["name", "town", "contact_phone", yes_no(ExamCentre, "is_active")]
    list_filter = ["town", "is_active"]
    search_fields = ["name", "address"]
    copy_view_enabled = False


class RoomViewSet(SelectRelatedMixin, ModelViewSet):
    name = "bookings_rooms"
    url_prefix = "bookings/rooms"
    model = Room
    icon = "group"
    menu_label = _("考场")
    add_view_class = RoomCreateView
    edit_view_class = RoomEditView
    delete_view_class = RoomDeleteView
    list_select_related = ("centre",)
    form_fields = ["centre", "name", "seats", "is_active"]
    list_display = ["name", "centre", "seats", yes_no(Room, "is_active")]
    list_filter = ["centre", "is_active"]
    search_fields = ["name"]
    copy_view_enabled = False


class DeskColumn(Column):
    def get_value(self, instance):
        return _("名单与操作")

    def get_cell_url(self, instance):
        return reverse("bookings_admin:session_desk", args=[instance.pk])


class ExamSessionViewSet(SelectRelatedMixin, ModelViewSet):
    name = "bookings_sessions"
    url_prefix = "bookings/sessions"
    model = ExamSession
    icon = "date"
    menu_label = _("场次")
    form_fields = ["status"]
    list_display = ["__str__", "date", "capacity", "status", DeskColumn("desk", label=_("管理"))]
    list_filter = ["status", "centre", "date"]
    search_fields = []
    inspect_view_class = ReadableInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_select_related = ("centre", "room")


class BookingViewSet(SelectRelatedMixin, ModelViewSet):
    name = "bookings_bookings"
    url_prefix = "bookings/bookings"
    model = Booking
    icon = "doc-full"
    menu_label = _("预约记录")
    form_fields = ["status"]
    list_display = ["ticket_number", "candidate", "subject", "session", "seat_number", "status", "score"]
    list_filter = ["status", "subject", "session__centre", "session__date"]
    search_fields = []
    inspect_view_class = ReadableInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "ticket_number",
        "candidate",
        "subject",
        "session",
        "seat_number",
        "status",
        "created_at",
        "cancelled_at",
        "checked_in_at",
        "score",
        "practical_score",
        "passed",
    ]
    copy_view_enabled = False
    list_select_related = ("candidate", "subject", "session", "session__centre", "session__room")


class BookingsViewSetGroup(ModelViewSetGroup):
    menu_label = _("考点预约")
    menu_icon = "date"
    menu_order = 320
    items = (ExamCentreViewSet, RoomViewSet, ExamSessionViewSet, BookingViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return BookingsViewSetGroup()


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("bookings/admin.css"))


@hooks.register("register_admin_urls")
def register_urls():
    return [path("bookings-desk/", include(admin_urls, namespace="bookings_admin"))]


class ExamAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(STAFF_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_work_menu():
    items = [
        ExamAdminMenuItem(_("签到"), reverse("bookings_admin:check_in"), icon_name="tick", order=10),
        ExamAdminMenuItem(_("批量创建场次"), reverse("bookings_admin:bulk_create"), icon_name="plus", order=20),
        ExamAdminMenuItem(_("导入成绩"), reverse("bookings_admin:results_import"), icon_name="upload", order=30),
        ExamAdminMenuItem(_("统计"), reverse("bookings_admin:dashboard"), icon_name="table", order=40),
    ]

    class WorkMenuItem(SubmenuMenuItem):
        def is_shown(self, request):
            return request.user.has_perm(STAFF_PERMISSION)

    return WorkMenuItem(_("考务工作"), Menu(items=items), icon_name="tasks", order=321)


from .admin_panels import add_home_panel  # noqa: E402


@hooks.register("construct_homepage_panels")
def register_home_panel(request, panels):
    add_home_panel(request, panels)
