"""A popular idea's support count in search: copied once a window, not on
every support.

A support's own statement can copy its idea's new count into the search entry
(ideas.supports.copy_support_count). That copy is an UPDATE PostgreSQL cannot
make in place: the count is in the entry's title index (so that suggestions
are read from the index alone), so every index of the row, the full-text one
among them, gets a new entry. About 0.3 ms of the database's time: a quarter
of what it spends on a support (bench/hot_idea.py). Under a crowd that is
waste: nobody reads search hundreds of times a second.

So each process copies an idea's count in the statement of the first support
in a window of ``SEARCH_COUNT_SECONDS``; the supports after it in the window
do not, and once one of them has committed, the task worker is asked to copy
the count when the window is over (``refresh_counts``): once a window,
however many supported. An idea supported now and then is copied at once, in
its support's statement; a popular one's count in search is at most a window
and a worker poll behind.

The worker's copy reads the count under a share lock on the idea's row
(``database.counters_refresh``), so a support still being written is waited
for and never overwritten by an older count.

Where the task queue cannot wait (the immediate backend of the tests), or
with ``SEARCH_COUNT_SECONDS = 0``, every support copies.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from search.models import EntryType

logger = logging.getLogger(__name__)

# Ideas a process remembers; past this, the oldest windows are forgotten (an
# idea forgotten is copied at its next support, as a new window).
REMEMBERED = 10_000
# A refresh queued to run less than this after now may already have read the
# count: another is queued.
MARGIN_SECONDS = 0.05

_lock = threading.Lock()
_copied_at: dict[int, float] = {}  # idea → last copy in a statement (monotonic)
_refresh_at: dict[int, float] = {}  # idea → earliest run of its queued refresh


def copy_now(idea_id: int) -> bool:
    """Whether this support's statement copies the count: yes, unless this
    process did so for the idea less than a window ago."""
    window = settings.SEARCH_COUNT_SECONDS
    if window <= 0 or not _queue_can_wait():
        return True
    now = time.monotonic()
    with _lock:
        last = _copied_at.get(idea_id)
        if last is not None and now - last < window:
            return False
        _copied_at[idea_id] = now
        _forget_the_oldest()
    return True


def copy_later(idea_id: int) -> None:
    """After a support that did not copy has committed: make sure a refresh
    runs after now, at the end of the idea's window."""
    now = time.monotonic()
    with _lock:
        if _refresh_at.get(idea_id, 0.0) > now + MARGIN_SECONDS:
            return  # queued, and it will read after this commit
        copied = _copied_at.get(idea_id, now)
        at = max(copied + settings.SEARCH_COUNT_SECONDS, now + MARGIN_SECONDS)
        _refresh_at[idea_id] = at
    from search.tasks import refresh_counts

    try:
        refresh_counts.using(
            run_after=timezone.now() + timedelta(seconds=at - now)
        ).enqueue(type_=EntryType.IDEA, ids=[idea_id])
    except Exception:  # noqa: BLE001 - copied here instead, the support stands
        logger.exception("Could not queue the search count of idea %s", idea_id)
        with _lock:
            _refresh_at.pop(idea_id, None)
        from search.indexing import counters_now

        counters_now(EntryType.IDEA, [idea_id])


def _queue_can_wait() -> bool:
    from search.tasks import refresh_counts

    return refresh_counts.get_backend().supports_defer


def _forget_the_oldest() -> None:
    for kept in (_copied_at, _refresh_at):
        if len(kept) > REMEMBERED:
            for idea_id in sorted(kept, key=kept.__getitem__)[: REMEMBERED // 10]:
                del kept[idea_id]
