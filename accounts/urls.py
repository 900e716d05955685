from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path(
        "invitations/<int:pk>/accept/",
        views.staff_invitation_respond,
        {"decision": "accept"},
        name="staff_invitation_accept",
    ),
    path(
        "invitations/<int:pk>/decline/",
        views.staff_invitation_respond,
        {"decision": "decline"},
        name="staff_invitation_decline",
    ),
    path("enterprise/", views.enterprise, name="enterprise"),
    path("enterprise/invitations/<int:pk>/revoke/", views.staff_invitation_revoke_view, name="staff_invitation_revoke"),
]
