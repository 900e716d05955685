"""Writes the campaigns app causes: the search index and the anonymous page cache.

Page content itself is written through Wagtail's own actions (editing, the 三审 workflow,
scheduled publishing); these services react to those events (see ``signals.py``).
"""

from django.db import transaction
from wagtail.models import Page

from . import cache as page_cache
from . import search
from .errors import CampaignError
from .models import SearchEntry

__all__ = [
    "CampaignError",
    "page_cache_invalidate",
    "search_entry_delete",
    "search_entry_update",
    "search_index_rebuild",
]


@transaction.atomic
def search_entry_update(*, page: Page) -> SearchEntry | None:
    """Index a live page's segmented title and text; drop the entry if the page is not live."""
    page = page.specific_deferred if not hasattr(page, "search_texts") else page
    if not page.live:
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return None
    text = search.page_plain_text(page)
    entry, _ = SearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={"title": page.title, "text": text, "tokens": search.tokens_field(f"{page.title}\n{text}")},
    )
    return entry


@transaction.atomic
def search_entry_delete(*, page_id: int) -> None:
    """Remove a page from the site search (on unpublish)."""
    SearchEntry.objects.filter(page_id=page_id).delete()


def search_index_rebuild() -> int:
    """Re-index every live page (after a deployment that changed the tokenizer); returns the count."""
    count = 0
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        if search_entry_update(page=page) is not None:
            count += 1
    SearchEntry.objects.exclude(page__live=True).delete()
    return count


def page_cache_invalidate() -> None:
    """Make every cached anonymous page stale: now, and again once the transaction commits.

    The second bump drops anything a concurrent request cached from the pre-commit state.
    """
    page_cache.bump_generation()
    transaction.on_commit(page_cache.bump_generation)
