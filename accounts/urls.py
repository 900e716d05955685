from django.urls import path

from . import mfa_views, views

app_name = "accounts"

urlpatterns = [
    # Same paths as allauth's (included after these), so ``mfa_activate_totp`` and
    # ``mfa_view_recovery_codes`` resolve here: the pages keep ``next``.
    path("2fa/totp/activate/", mfa_views.totp_activate, name="totp_activate"),
    path("2fa/recovery-codes/", mfa_views.recovery_codes, name="recovery_codes"),
    path("profile/", views.profile, name="profile"),
    path("profile/id-photo/", views.id_photo_update, name="id_photo_update"),
    path("profile/id-photo.jpg", views.my_id_photo, name="my_id_photo"),
    path("id-photos/<int:pk>.jpg", views.id_photo, name="id_photo"),
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
