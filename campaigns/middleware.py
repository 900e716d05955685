from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from . import cache as page_cache
from . import personal

CACHE_HEADER = "X-Page-Cache"
STORED_HEADERS = {"content-type", "content-language", "vary", "x-frame-options"}


def _request_key(request: HttpRequest) -> str | None:
    if request.method not in ("GET", "HEAD"):
        return None
    path = page_cache.cacheable_path(request)
    if path is None:
        return None
    return page_cache.page_key(
        host=request.get_host(),
        path=path,
        language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        large_text=request.COOKIES.get("large_text") == "1",
    )


def _has_personal_cookies(request: HttpRequest) -> bool:
    # A flash message waiting in its cookie (e.g. "已退出登录") must be shown, not skipped.
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        getattr(request, "page_cacheable", False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _store(key: str, response: HttpResponse) -> None:
    headers = {name: value for name, value in response.items() if name.lower() in STORED_HEADERS}
    page_cache.cache.set(key, (response.content, headers), timeout=page_cache.timeout())


class AnonymousPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the cache, without touching the database.

    Only GET/HEAD without a query string and without a session cookie are served or stored, and
    only responses a view marked cacheable (``request.page_cacheable``, set for live public Wagtail
    pages, feeds, sitemap and robots.txt) that are 200 and set no cookie. The key holds the host,
    path, language LocaleMiddleware chose, the large-text cookie and the page-cache generation.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def _key(self, request: HttpRequest) -> str | None:
        if _has_personal_cookies(request):
            return None
        return _request_key(request)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        cached = page_cache.cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content, headers=headers)
            response[CACHE_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            _store(key, response)
            response[CACHE_HEADER] = "miss"
        return response


SHAREABLE_VIEWS = {"wagtail_serve", "campaigns:search", "campaigns:help", "campaigns:help_role"}


def _is_shareable_view(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).view_name in SHAREABLE_VIEWS
    except Resolver404:
        return False


class PersonalisedPageCacheMiddleware:
    """Serve public pages to visitors with a session (signed in, or with messages) from the shared
    page cache, with only their header and messages rendered per request (``campaigns.personal``).

    Placed last, so the session, user, messages and CSRF token are those of the real request. On a
    miss the page is rendered once for an anonymous copy of the request; if that rendering may be
    shared (as the anonymous cache decides, and touching neither CSRF nor session) it is stored
    and personalised, otherwise the page is rendered for the visitor as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _has_personal_cookies(request):  # AnonymousPageCacheMiddleware's visitors
            return self.get_response(request)
        key = _request_key(request)
        if key is None:
            return self.get_response(request)
        cached = page_cache.cache.get(key)
        state = "hit"
        if cached is None and not _is_shareable_view(request):
            # Only public pages and search are rendered twice on a miss; other views have their own rules.
            return self.get_response(request)
        if cached is None:
            clone = personal.anonymous_copy(request)
            shared = self.get_response(clone)
            if not _storable(clone, shared) or personal.used_personal_state(clone):
                return self.get_response(request)
            _store(key, shared)
            cached = (shared.content, {n: v for n, v in shared.items() if n.lower() in STORED_HEADERS})
            state = "miss"
        content, headers = cached
        response = HttpResponse(personal.personalise(content.decode(), request), headers=headers)
        response["Cache-Control"] = "private"
        response[CACHE_HEADER] = f"{state}-personal"
        return response
