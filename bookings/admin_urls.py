from django.urls import path

from . import admin_views

app_name = "bookings_admin"

urlpatterns = [
    path("dashboard/", admin_views.dashboard, name="dashboard"),
    path("sessions/bulk/", admin_views.bulk_create, name="bulk_create"),
    path("sessions/<int:pk>/desk/", admin_views.session_desk, name="session_desk"),
    path("sessions/<int:pk>/roster.xlsx", admin_views.roster_export, name="roster_export"),
    path("sessions/<int:pk>/<str:action>/", admin_views.session_action, name="session_action"),
    path("check-in/", admin_views.check_in, name="check_in"),
    path("results/import/", admin_views.results_import_view, name="results_import"),
]
