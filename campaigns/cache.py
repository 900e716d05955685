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


# The four outreach listings of the navigation (宣传专题, 科普文章, 事故案例, 活动日历), by key.
OUTREACH_MODELS = {
    "campaigns": "campaignindexpage",
    "articles": "articleindexpage",
    "cases": "caseindexpage",
    "events": "eventindexpage",
}


def site_shell_for(request) -> dict:
    """What the site shell (navigation and footer) of every page shows for the request's site.

    ``{"footer": {...SiteSettings values}, "outreach": {key: url}}``: the same for every visitor of a
    host, so one cache entry per host holds it (nothing personal), until anything is published or
    the settings are saved (the generation). A cold entry costs three queries — the Site (Wagtail
    keeps it on the request for the page that follows), its settings, the listings — and is kept on
    the request, so the footer and the navigation read it once.
    """
    shell = getattr(request, "_campaigns_site_shell", None)
    if shell is not None:
        return shell
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 page for a foreign Host header still renders the shell
        return {"footer": {}, "outreach": {}}
    key = f"campaigns:shell:{generation()}:{host}"
    shell = cache.get(key)
    if shell is None:
        shell = _site_shell(request)
        cache.set(key, shell, timeout=timeout())
    request._campaigns_site_shell = shell
    return shell


def _site_shell(request) -> dict:
    from django.urls import reverse
    from wagtail.models import Page, Site

    from .models import SiteSettings

    site = Site.find_for_request(request)  # the root page comes joined
    if site is None:
        return {"footer": {}, "outreach": {}}
    footer = {}
    found = SiteSettings.objects.filter(site=site).first()
    if found is not None:
        footer = {
            "hotline": found.hotline,
            "other_hotline_lines": found.other_hotline_lines(),
            "bureau_name": found.bureau_name,
            "address": found.address,
            "office_hours": found.office_hours,
            "footer_links": [dict(link.value) for link in found.footer_links],
        }
    # One query for the four listings: the first live page of each type in tree order, the type
    # joined by name (no content-type lookup on a cold process).
    key_of = {model: key for key, model in OUTREACH_MODELS.items()}
    listings = (
        Page.objects.live()
        .descendant_of(site.root_page, inclusive=True)
        .filter(content_type__app_label="campaigns", content_type__model__in=list(key_of))
        .order_by("path")
        .values_list("url_path", "content_type__model")
    )
    # The URL as Page.get_url gives it for a page of the request's own site, without reading every
    # site's root paths (a query of its own on a cold cache): the path below the site's root page.
    root_path = site.root_page.url_path
    outreach: dict[str, str] = {}
    for url_path, model in listings:
        key = key_of[model]
        if key not in outreach and url_path.startswith(root_path):
            path = reverse("wagtail_serve", args=(url_path[len(root_path) :],))
            if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and path != "/":
                path = path.rstrip("/")
            outreach[key] = path
    return {"footer": footer, "outreach": outreach}


def footer_settings_for(request) -> dict:
    """Plain values of the request's SiteSettings (``{}`` without a site), from the site shell."""
    return site_shell_for(request)["footer"]


def outreach_urls_for(request) -> dict[str, str]:
    """URLs of the site's four listing pages by key, from the site shell."""
    return site_shell_for(request)["outreach"]
