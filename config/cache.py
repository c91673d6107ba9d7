"""The shared cache, as an accelerator that may be away.

Redis holds cached navigation, labels and counts, Wagtail's site roots and the
rate limits. When it does not answer, a page must still render (slower, from
the database), not fail: every read answers "not cached", every write is
dropped, a warning is logged (at most once a minute per process), and
``ping()`` says so, for the few places that must refuse rather than run
without the cache (signing in: its rate limit lives there; accounts.adapter).
Rate limits are off while the cache is away, everywhere but signing in.
"""

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 60
# After a failure, wait this long before asking Redis again: a page makes
# dozens of cache calls, and each must not wait for a refused connection.
RETRY_AFTER_SECONDS = 2.0


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that degrades to "nothing cached" when Redis is
    away, and asks Redis again a moment later."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._warned_at = -WARN_EVERY_SECONDS

    @property
    def available(self) -> bool:
        return self._down_since is None or time.monotonic() >= self._retry_at

    def _failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if self._down_since is None:
            self._down_since = now
        self._retry_at = now + RETRY_AFTER_SECONDS
        if now - self._warned_at >= WARN_EVERY_SECONDS:
            self._warned_at = now
            logger.warning(
                "Cache unavailable (%s: %s); serving without it", operation, error
            )

    def _recovered(self) -> None:
        if self._down_since is not None:
            logger.warning(
                "Cache available again after %.1f s",
                time.monotonic() - self._down_since,
            )
            self._down_since = None

    def _call(self, operation: str, default: Any, *args: Any, **kwargs: Any) -> Any:
        if not self.available:
            return default
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            self._failed(operation, error)
            return default
        self._recovered()
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def set(self, key, value, timeout=None, version=None):  # noqa: A003
        self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        # While the cache is away, add() answers "added": a lock taken in an
        # absent cache protects nothing anyway, and allauth's rate limits take
        # such a lock, then would refuse every request (429) after waiting a
        # second. Those limits are off meanwhile, except where safety needs
        # them: signing in is refused (accounts.adapter).
        return self._call("add", True, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        if not self.available:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        try:
            result = super().incr(key, delta, version)
        except RedisError as error:
            self._failed("incr", error)
            message = f"Key '{key}' not found (the cache is unavailable)"
            raise ValueError(message) from error
        self._recovered()
        return result

    def count(self, key: str, window: int) -> int | None:
        """Add one to ``key``, which lives ``window`` seconds from the first
        hit; its new value, or None when the cache is away. One round trip
        (the API's rate limit asks this on every request: common.rate)."""
        if not self.available:
            return None
        try:
            made = self.make_and_validate_key(key)
            client = self._cache.get_client(made, write=True)
            pipe = client.pipeline()
            pipe.incr(made)
            pipe.expire(made, window, nx=True)
            value, _expiry = pipe.execute()
        except RedisError as error:
            self._failed("count", error)
            return None
        self._recovered()
        return int(value)

    def get_or_set(self, key, default, timeout=None, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                self.add(key, value, timeout=timeout, version=version)
        return value

    def clear(self):
        return self._call("clear", False)

    def ping(self) -> bool:
        if not self.available:
            return False
        try:
            self._cache.get_client(write=False).ping()
        except RedisError as error:
            self._failed("ping", error)
            return False
        self._recovered()
        return True
