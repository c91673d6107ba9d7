"""Counting requests in the shared cache, in fixed windows: one round trip
to Redis per request (config.cache.ResilientRedisCache.count), or an add and
an increment on any other cache (the local run, the tests)."""

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Hit:
    count: int
    # Seconds until this window ends and the count starts again.
    window_left: float


def hit(key: str, window: int) -> Hit | None:
    """Count one request for ``key`` in the current ``window`` seconds; None
    when the cache is away (then nothing is limited)."""
    now = time.time()
    slot = int(now // window)
    slot_key = f"{key}:{slot}"
    counter = getattr(cache, "count", None)
    if counter is not None:
        count = counter(slot_key, window)
    else:
        cache.add(slot_key, 0, window)
        try:
            count = cache.incr(slot_key)
        except ValueError:
            count = None
    if count is None:
        return None
    return Hit(count=count, window_left=(slot + 1) * window - now)
