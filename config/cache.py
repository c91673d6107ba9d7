"""The shared cache, as an accelerator that may be away.

Redis holds cached navigation, labels and counts, Wagtail's site roots and the
rate limits. When it does not answer, a page must still render (slower, from
the database), not fail: every read answers "not cached", every write is
dropped, a warning is logged (at most once a minute per process, and once
when it is back: common.outage), and
``ping()`` says so, for the few places that must refuse rather than run
without the cache (signing in: its rate limit lives there; accounts.adapter).
Rate limits are off while the cache is away, everywhere but signing in.

Django makes a cache object per request (its caches are context-local), and
its Redis client keeps the connection pool on that object: every request
opened a new connection to Redis. Here the client, its pool and what is known
about Redis being away are shared by the whole process, so requests reuse
connections, and "wait before asking again" and "warn once a minute" hold for
the process, not one request.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from common.outage import Outage

logger = logging.getLogger(__name__)
# After a failure, wait this long before asking Redis again: a page makes
# dozens of cache calls, and each must not wait for a refused connection.
RETRY_AFTER_SECONDS = 2.0


class _OneClientPerPool(RedisCacheClient):
    """Django's client makes a new ``redis.Redis`` for every cache call (its
    constructor builds a table of response callbacks each time: a tenth of a
    support's Python, bench/hot_idea.py). One per connection pool is enough:
    redis-py's clients are safe to share between threads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class _Shared:
    """One Redis server's client (with its connection pool) and what this
    process knows about the server being away."""

    def __init__(self, client: RedisCacheClient) -> None:
        self.client = client
        self.retry_at = 0.0
        self.outage = Outage(
            logger,
            "Cache unavailable (%(what)s: %(error)s); serving without it",
            "Cache available again after %(seconds).1f s"
            # Failed calls only: those of the moments in between (RETRY_AFTER)
            # were not tried.
            " (failed calls: %(failures)d)",
            traceback=False,  # the error says enough: Redis did not answer
        )


_shared: dict[tuple, _Shared] = {}
_shared_lock = threading.Lock()


def forget_shared() -> None:
    """Start afresh: new clients and nothing known (for tests that point the
    cache at a server that is away)."""
    with _shared_lock:
        _shared.clear()


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that degrades to "nothing cached" when Redis is
    away, and asks Redis again a moment later."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _OneClientPerPool
        self._key = (tuple(self._servers), repr(sorted(self._options.items())))

    @property
    def _state(self) -> _Shared:
        state = _shared.get(self._key)
        if state is None:
            with _shared_lock:
                state = _shared.get(self._key)
                if state is None:
                    client = self._class(self._servers, **self._options)
                    state = _shared[self._key] = _Shared(client)
        return state

    @property
    def _cache(self) -> RedisCacheClient:  # type: ignore[override]
        return self._state.client

    @property
    def available(self) -> bool:
        state = self._state
        return state.outage.down_since is None or time.monotonic() >= state.retry_at

    def _failed(self, operation: str, error: Exception) -> None:
        state = self._state
        state.retry_at = time.monotonic() + RETRY_AFTER_SECONDS
        state.outage.failed(error, what=operation)

    def _recovered(self) -> None:
        self._state.outage.recovered()

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

        def commands(pipe, made: str) -> None:
            pipe.incr(made)
            pipe.expire(made, window, nx=True)

        answers = self._one_round_trip("count", key, commands, transaction=True)
        return None if answers is None else int(answers[0])

    def move_on(self, key: str, start: int) -> int | None:
        """Add one to the counter ``key``, first started at ``start`` (kept
        without expiry) where there is none; its new value, or None when the
        cache is away. One round trip, where Django's ``incr`` makes two (it
        asks whether the key exists first): common.versions moves a counter
        on every write."""

        def commands(pipe, made: str) -> None:
            pipe.set(made, start, nx=True)
            pipe.incr(made)

        # No MULTI needed: whoever starts the counter, every INCR after it
        # gives a number of its own.
        answers = self._one_round_trip("move_on", key, commands, transaction=False)
        return None if answers is None else int(answers[1])

    def _one_round_trip(
        self, operation: str, key: str, commands: Any, *, transaction: bool
    ) -> list | None:
        """The answers to the commands ``commands(pipe, made_key)`` puts on
        one pipeline, sent together; None when the cache is away."""
        if not self.available:
            return None
        try:
            made = self.make_and_validate_key(key)
            client = self._cache.get_client(made, write=True)
            pipe = client.pipeline(transaction=transaction)
            commands(pipe, made)
            answers = pipe.execute()
        except RedisError as error:
            self._failed(operation, error)
            return None
        self._recovered()
        return answers

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
