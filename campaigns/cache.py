"""The anonymous page cache: keys, the generation counter, what may be stored.

A cached page is keyed on the current *generation*, so publishing, unpublishing, moving or
deleting any page (or editing the footer settings) invalidates every cached page at once by
bumping the generation — cheap, and always correct for listings and the home page, which show
other pages' content. Old entries simply expire.
"""

import hashlib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.utils import timezone

GENERATION_KEY = "campaigns:pagecache:generation"
# Pages that must never be cached (DESIGN §6: tip-off pages; anything per-user or a form).
EXCLUDED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/exams/",
    "/bookings/",
    "/courses/",
    "/tipoffs/",
    "/documents/",
    "/display/",
    "/i18n/",
    "/healthz",
    "/static/",
    "/media/",
)


def timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


def bump_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


# The one page whose query string is part of what it shows: search results per query and page.
SEARCH_PATH = "/search/"
SEARCH_PARAMETERS = ("q", "page")


def path_is_cacheable(path: str) -> bool:
    return not path.startswith(EXCLUDED_PREFIXES)


def cacheable_path(request) -> str | None:
    """The path (with canonical query string, for search) the page cache keys on, or ``None``.

    Pages with a query string are not cached (filters, tracking parameters), except the search
    page with nothing but one ``q`` and at most one ``page``.
    """
    path = request.path
    if not path_is_cacheable(path):
        return None
    if not request.META.get("QUERY_STRING"):
        return path
    if path != SEARCH_PATH or not set(request.GET) <= set(SEARCH_PARAMETERS):
        return None
    if any(len(request.GET.getlist(name)) > 1 for name in request.GET):
        return None
    return path + "?" + urlencode([(name, request.GET[name]) for name in SEARCH_PARAMETERS if name in request.GET])


def page_key(*, host: str, path: str, language: str, large_text: bool) -> str:
    # The local date is part of the key: the home page picks its campaign by date.
    raw = f"{host}|{path}|{language}|{int(large_text)}|{timezone.localdate().isoformat()}"
    return f"campaigns:page:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def footer_settings_for(request) -> dict:
    """Plain values of the request's SiteSettings, cached per host until any publish or settings save."""
    from wagtail.models import Site

    from .models import SiteSettings

    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 page for a foreign Host header still renders the footer
        return {}
    key = f"campaigns:footer:{generation()}:{host}"
    values = cache.get(key)
    if values is None:
        site = Site.find_for_request(request)
        values = {}
        if site is not None:
            found = SiteSettings.objects.filter(site=site).first()
            if found is not None:
                values = {
                    "hotline": found.hotline,
                    "other_hotline_lines": found.other_hotline_lines(),
                    "bureau_name": found.bureau_name,
                    "address": found.address,
                    "office_hours": found.office_hours,
                    "footer_links": [dict(link.value) for link in found.footer_links],
                }
        cache.set(key, values, timeout=timeout())
    return values


def outreach_urls_for(request) -> dict[str, str]:
    """URLs of the site's four listing pages by key, cached per host until anything is published."""
    from wagtail.models import Site

    from .models import ArticleIndexPage, CampaignIndexPage, CaseIndexPage, EventIndexPage

    try:
        host = request.get_host()
    except DisallowedHost:
        return {}
    key = f"campaigns:outreach:{generation()}:{host}"
    urls = cache.get(key)
    if urls is None:
        urls = {}
        site = Site.find_for_request(request)
        if site is not None:
            models = {
                "campaigns": CampaignIndexPage,
                "articles": ArticleIndexPage,
                "cases": CaseIndexPage,
                "events": EventIndexPage,
            }
            root = site.root_page
            for name, model in models.items():
                page = model.objects.live().descendant_of(root, inclusive=True).order_by("path").first()
                if page is not None:
                    urls[name] = page.get_url(request=request)
        cache.set(key, urls, timeout=timeout())
    return urls
