"""A Redis cache that keeps the site up when Redis is down.

Everything Attune keeps in the cache can be lost without harm (the once-a-minute session
activity marker, sign-in rate limits, used TOTP codes): when Redis cannot be reached, each call
is answered by this process's memory instead, and Redis is tried again after RETRY_SECONDS.
While it is down, rate limits and the TOTP replay check hold per process, not site-wide.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# How long the process stays on its memory after Redis failed, before trying Redis again.
RETRY_SECONDS = 5.0


def _unreachable_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"attune-fallback-{id(self)}",
            {"TIMEOUT": params.get("TIMEOUT", DEFAULT_TIMEOUT), "KEY_PREFIX": self.key_prefix},
        )
        self._down_until = 0.0
        self._lock = threading.Lock()
        self._errors = _unreachable_errors()

    @property
    def redis_is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _call(self, name: str, *args, **kwargs):
        if not self.redis_is_down:
            try:
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except self._errors as error:
                with self._lock:
                    first = not self.redis_is_down
                    self._down_until = time.monotonic() + RETRY_SECONDS
                if first:
                    logger.warning("Redis unreachable (%s); using this process's memory", error)
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
