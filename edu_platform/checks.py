"""System checks for production (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Production needs one cache that every worker shares (Redis): rate limits and the page cache
    live there. With a per-process cache each gunicorn worker counts its own rate limits (limits
    multiplied by the worker count) and keeps its own copy of a page after it is republished."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                "生产模式没有共享缓存：请设置环境变量 REDIS_URL（例如 redis://127.0.0.1:6379/0）。",
                hint="否则每个进程各自计算限流次数、各自缓存页面，发布后旧页面最长滞留 PAGE_CACHE_SECONDS 秒。",
                id="edu_platform.E001",
            )
        ]
    return []
