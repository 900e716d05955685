"""Cache-only rate limits (no IP address or other identifier is ever written to the database).

The counter key is a keyed hash of whatever identifies the caller, so even the cache holds no
raw address.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash of the caller's address, for rate-limit keys only; never stored."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def rate_limit_hit(scope: str, key: str, *, limit: int, period_seconds: int) -> bool:
    """Count one attempt for ``key`` in ``scope``; True when the limit for the period is exceeded."""
    cache_key = f"rl:{scope}:{key}"
    added = cache.add(cache_key, 1, timeout=period_seconds)
    if added:
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=period_seconds)
            count = 1
    return count > limit


def rate_limit_reset(scope: str, key: str) -> None:
    cache.delete(f"rl:{scope}:{key}")
