from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EduPlatformConfig(AppConfig):
    name = "edu_platform"
    verbose_name = _("平台公共")

    def ready(self):
        from . import checks  # noqa: F401  (registers the production checks)
        from .admin_columns import translate_wagtail_labels
        from .excel import guard_wagtail_csv_exports
        from .i18n import remember_translations

        guard_wagtail_csv_exports()
        # Before the admin URLs are built: Wagtail screens that print English field names (sites
        # listing, page permissions) get the labels Wagtail's catalogue translates.
        translate_wagtail_labels()
        remember_translations()

        from .permission_names import permission_names_sync

        post_migrate.connect(permission_names_sync, dispatch_uid="edu_platform.permission_names_sync")
