"""Django's Redis cache with the per-command overhead taken out (issue 11: exam-day hot path).

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` object for every cache
command; its constructor fills a case-insensitive table of ~170 response callbacks, which made a
Redis GET cost more Python work than the round trip itself (a question page sends five: session,
footer and navigation). A ``redis.Redis`` is thread-safe and only holds its connection pool, so one
per pool is reused here. Keys are not run through the memcached key check either: Redis takes any
key, and the check walks every character of every key in Python.

Behaviour is Django's own otherwise (same serializer, pools, timeouts, errors).
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            # setdefault: two threads racing here end up sharing one client.
            client = self._clients.setdefault(index, self._client(connection_pool=self._pools[index]))
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one Redis client per connection pool."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key: str) -> None:
        # memcached's limits (250 bytes, no spaces or control characters) do not apply to Redis.
        return None
