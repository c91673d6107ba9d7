"""Counters in the shared cache that name the current version of what many
cached parts show: the public data (``common.data_version``), the site's
locales (``common.locales``) and the pages' tree and titles
(``cms.navigation``). A part is kept under the version it was made for, so a
moved counter is all it takes to stop serving it.

A page asked for these counters up to eleven times, a round trip to Redis
each. During a request each is read once: the first one needed brings all
that are registered in one MGET. A counter this request moves (``moved``) is
read again the next time. A counter another process moves meanwhile is seen
by the next request, as if this one had started a moment earlier: what it
serves was current when it started. Outside a request (a WebSocket consumer,
the task worker, a command) every read goes to the cache.
"""

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

# key → how long it lives (as for ``cache.set``)
_counters: dict[str, object] = {}
_request = threading.local()


def fresh_number() -> int:
    """A starting value later than any given out before the cache was
    emptied (a restarted Redis): microseconds since the epoch."""
    return time.time_ns() // 1000


def kept(key: str, compute: Callable[[], T], seconds: int) -> T:
    """``compute()``, kept in the shared cache under ``key`` (a key that
    names a version) for ``seconds``: made once for every reader."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def register(key: str, timeout: object = None) -> None:
    """Name a counter, at import. Where the cache has none (emptied, or
    never set) it starts at ``fresh_number()``."""
    _counters[key] = timeout


def read(key: str) -> int:
    """The counter's value, started if the cache has none."""
    memo = getattr(_request, "memo", None)
    if memo is None:
        return _read_one(key)
    if key not in memo:
        wanted = [name for name in _counters if name not in memo]
        memo.update(
            {
                name: value
                for name, value in cache.get_many(wanted).items()
                if value is not None
            }
        )
        if key not in memo:
            memo[key] = _read_one(key)
    return memo[key]


def move(key: str) -> bool:
    """Move the counter on (this request reads it again); False where the
    cache did not take it (away), so that the caller owes the move."""
    memo = getattr(_request, "memo", None)
    if memo is not None:
        memo.pop(key, None)
    move_on = getattr(cache, "move_on", None)
    if move_on is not None:  # the Redis cache (config.cache): one round trip
        return move_on(key, fresh_number()) is not None
    try:
        cache.incr(key)
        return True
    except ValueError:  # not there: emptied, or the cache is away
        cache.set(key, fresh_number(), None)
        return cache.get(key) is not None


def _read_one(key: str) -> int:
    timeout = _counters[key]
    value = cache.get_or_set(key, fresh_number, timeout)  # type: ignore[arg-type]
    return value if value is not None else fresh_number()


class ReadOncePerRequestMiddleware:
    """Opens the request's memo of counters and closes it when the response
    is made (a streamed body read later reads the cache directly)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if getattr(_request, "memo", None) is not None:
            return self.get_response(request)  # a request inside a request
        _request.memo = {}
        try:
            return self.get_response(request)
        finally:
            _request.memo = None
