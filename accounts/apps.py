from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户与企业")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from .handlers import record_mfa_on_totp_activation
        from .roles import role_permissions_sync

        # Sent once per app; the last one runs after every app's permissions exist.
        post_migrate.connect(role_permissions_sync, dispatch_uid="accounts.role_permissions_sync")
        authenticator_added.connect(record_mfa_on_totp_activation, dispatch_uid="accounts.record_mfa_on_totp")
