from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import cache as page_cache

CACHE_HEADER = "X-Page-Cache"


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
        if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        # A flash message waiting in its cookie (e.g. "已退出登录") must be shown, not skipped.
        if "messages" in request.COOKIES:
            return None
        if not page_cache.path_is_cacheable(request.path):
            return None
        return page_cache.page_key(
            host=request.get_host(),
            path=request.path,
            language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            large_text=request.COOKIES.get("large_text") == "1",
        )

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
        if (
            getattr(request, "page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        ):
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() in {"content-type", "content-language", "vary", "x-frame-options"}
            }
            page_cache.cache.set(key, (response.content, headers), timeout=page_cache.timeout())
            response[CACHE_HEADER] = "miss"
        return response
