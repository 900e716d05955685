from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("宣传教育")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import search, signals

        signals.connect()
        # Each worker loads the segmentation dictionary as it starts, so no visitor's first
        # search waits for it (about a second).
        search.load_dictionary()
