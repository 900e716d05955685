import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .context_processors import SITE_NAME

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache answer, 503 otherwise (for the load balancer)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure means "not healthy"
        logger.error("healthz: database check failed: %s", exc)
        checks["database"] = "error"
    try:
        cache.set("healthz", "1", timeout=5)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error"
    except Exception as exc:
        logger.error("healthz: cache check failed: %s", exc)
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _safe_next(request: HttpRequest) -> str:
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return "/"
    return next_url


# Both preference switches are GET: they only set a cookie for the visitor's own display, and the
# cached public pages that link to them must not carry a per-visitor CSRF token.
@require_GET
def large_text_toggle(request: HttpRequest) -> HttpResponse:
    """适老化: switch the large-text mode; a cookie, so it needs no account and no JavaScript."""
    response = HttpResponseRedirect(_safe_next(request))
    if request.COOKIES.get("large_text") == "1":
        response.delete_cookie("large_text", samesite="Lax")
    else:
        # Read by the server only (the page renders with the large-text class), so HttpOnly;
        # Secure in production like every other cookie.
        response.set_cookie(
            "large_text",
            "1",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    return response


@require_GET
def language_switch(request: HttpRequest) -> HttpResponse:
    """Set the interface language (zh-hans or en) in the language cookie and go back."""
    response = HttpResponseRedirect(_safe_next(request))
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may be in one of them, or in the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({"SITE_NAME": SITE_NAME}), status=500)
