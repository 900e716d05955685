"""Keep the search index and the anonymous page cache in step with Wagtail's publishing events."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import services


def _on_published(sender, instance, **kwargs):
    services.search_entry_update(page=instance)
    services.page_cache_invalidate()


def _on_unpublished(sender, instance, **kwargs):
    services.search_entry_delete(page_id=instance.pk)
    services.page_cache_invalidate()


def _on_tree_changed(sender, instance=None, **kwargs):
    # A view restriction added or lifted must reach anonymous visitors now, not when entries expire.
    if instance is None or isinstance(instance, Page | PageViewRestriction):
        services.page_cache_invalidate()


def _on_settings_saved(sender, instance, **kwargs):
    services.page_cache_invalidate()


def connect() -> None:
    from .models import Audience, Sector, SiteSettings

    page_published.connect(_on_published, dispatch_uid="campaigns_page_published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="campaigns_page_unpublished")
    post_page_move.connect(_on_tree_changed, dispatch_uid="campaigns_page_moved")
    post_delete.connect(_on_tree_changed, dispatch_uid="campaigns_page_deleted")
    post_save.connect(_on_settings_saved, sender=SiteSettings, dispatch_uid="campaigns_settings_saved")
    # Audience and sector names show on pages and in the listing filters.
    post_save.connect(_on_settings_saved, sender=Audience, dispatch_uid="campaigns_audience_saved")
    post_save.connect(_on_settings_saved, sender=Sector, dispatch_uid="campaigns_sector_saved")
    post_save.connect(_on_tree_changed, sender=PageViewRestriction, dispatch_uid="campaigns_restriction_saved")
