"""Cache-only rate limits (no IP address or other identifier is ever written to the database).

The counter key is a keyed hash of whatever identifies the caller, so even the cache holds no
raw address.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The caller's address as our own proxies saw it.

    Behind ``TRUSTED_PROXY_COUNT`` proxies the address is that many entries from the right of
    X-Forwarded-For: the entries to its left are whatever the client chose to send, so taking the
    first one would let anyone dodge a rate limit by inventing a new address per request.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash of the caller's address, for rate-limit keys only; never stored."""
    return hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256).hexdigest()[:32]


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
