"""Keeping search in step with the content, after every commit.

A change anywhere marks ``(type, id)`` as stale; once the transaction commits,
the marked items are rebuilt from their source rows (or, when only a counter
moved, the counters alone are copied). Items that are no longer
public (hidden, draft, removed, deleted) leave search. The database table is
written right then. When Elasticsearch is configured the same items go into
the ``IndexBacklog`` and a task sends them; a failed send stays in the backlog
and is retried with back-off, so an update is never dropped.

A new item can only add to search, never expose what was taken away, so the
busiest case, a new comment, is indexed by the task worker instead
(``index_in_worker``): building its entry was half of what posting one cost.
It is findable a worker poll later (about a second); an edit, a hide or a
removal is still written at commit, so nothing hidden stays findable.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Min, Q
from django.utils import timezone

from search import counts, database, documents, elastic
from search.models import EntryType, IndexBacklog

logger = logging.getLogger(__name__)

PENDING_ATTR = "_idestad_search_pending"
RETRY_DELAYS = (10, 60, 300, 900, 3600)  # seconds; the last repeats


# What is to be done with a marked item once the transaction commits.
WHOLE, IN_WORKER, COUNTERS = "whole", "in worker", "counters"


# The name under which a support's own statement copies its idea's count
# into the entry (``support_count_copy``).
SUPPORT_COUNT_COPY = "search entry"


def support_count_copy(idea_id: int, source: str) -> tuple[str, str, list] | None:
    """The entry's support count, written in the support's own statement
    (ideas.supports.copy_support_count) rather than by a statement and a commit
    of its own after it; for a popular idea, once a window (search/counts.py).
    Not with Elasticsearch: its backlog is filled, and the task queued, after
    commit, as for any other change."""
    if elastic.is_configured() or not counts.copy_now(idea_id):
        return None
    sql, params = database.support_count_cte(source)
    return SUPPORT_COUNT_COPY, sql, params


def support_count_later(idea_id: int, copied: frozenset[str] | None) -> None:
    """A support has been written (``copied``: the copies its statement made,
    None if it was saved as a model): bring search's count up to date."""
    if copied is None or elastic.is_configured():
        counters_later(EntryType.IDEA, [idea_id])
    elif SUPPORT_COUNT_COPY not in copied:  # a popular idea's, later
        transaction.on_commit(partial(counts.copy_later, idea_id), robust=True)


def index_later(type_: str, ids: Iterable[int | None]) -> None:
    """Mark items stale; they are re-indexed once the current transaction commits
    (at once outside a transaction)."""
    _mark(type_, ids, WHOLE)


def index_in_worker(type_: str, ids: Iterable[int | None]) -> None:
    """Mark new items to be indexed by the task worker after commit. Only for
    items just made: their entry adds to search and hides nothing."""
    _mark(type_, ids, IN_WORKER)


def counters_later(type_: str, ids: Iterable[int | None]) -> None:
    """Mark only the counters of items stale (a support, a comment): once the
    transaction commits they are copied in one statement, which a popular
    idea can afford on every support, where rebuilding its entry could not."""
    _mark(type_, ids, COUNTERS)


def _mark(type_: str, ids: Iterable[int | None], how: str) -> None:
    known = [i for i in ids if i is not None]
    if not known:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    pending: dict[tuple[str, str], set[int]] | None = getattr(
        connection, PENDING_ATTR, None
    )
    registered = any(item[1] is flush_pending for item in connection.run_on_commit)
    if pending and registered:
        pending[(type_, how)].update(known)
        return
    # Nothing waiting, or a rollback dropped the callback: start afresh. The
    # mark is made before the callback is registered, which outside a
    # transaction runs at once.
    pending = defaultdict(set)
    pending[(type_, how)].update(known)
    setattr(connection, PENDING_ATTR, pending)
    transaction.on_commit(flush_pending, robust=True)


def flush_pending() -> None:
    """Index what is marked stale now (or hand it to the worker); normally
    called at commit. An item rebuilt whole needs nothing else."""
    connection = connections[DEFAULT_DB_ALIAS]
    pending = getattr(connection, PENDING_ATTR, None) or {}
    setattr(connection, PENDING_ATTR, None)
    for (type_, how), ids in pending.items():
        rest = ids - pending.get((type_, WHOLE), set())
        if how == WHOLE:
            index_now(type_, ids)
        elif how == IN_WORKER and rest:
            _enqueue_index(type_, rest)
        elif how == COUNTERS and rest:
            counters_now(type_, rest)


def index_now(type_: str, ids: Iterable[int]) -> None:
    """Bring these items' search entries up to date with their source rows."""
    ids = set(ids)
    entries = documents.entries_for(type_, ids)
    gone = ids - {e.object_id for e in entries}
    with transaction.atomic():
        database.entries_store(entries)
        database.entries_remove(type_, gone)
        if elastic.is_configured():
            backlog_add(type_, ids)
    if elastic.is_configured():
        transaction.on_commit(_enqueue_send)


def counters_now(type_: str, ids: Iterable[int]) -> None:
    """Copy these items' counters into their entries; Elasticsearch gets the
    whole document from the task worker, as for any other change."""
    ids = set(ids)
    if not elastic.is_configured():
        database.counters_refresh(type_, ids)  # one statement: its own commit
        return
    with transaction.atomic():
        database.counters_refresh(type_, ids)
        backlog_add(type_, ids)
    transaction.on_commit(_enqueue_send)


def backlog_add(type_: str, ids: Iterable[int]) -> None:
    IndexBacklog.objects.bulk_create(
        [IndexBacklog(type=type_, object_id=pk) for pk in ids], ignore_conflicts=True
    )


def _enqueue_index(type_: str, ids: set[int]) -> None:
    from search.tasks import index_entries

    try:
        index_entries.enqueue(type_=type_, ids=sorted(ids))
    except Exception:  # noqa: BLE001 - the post is saved; reconcile indexes it
        logger.exception("Could not queue indexing %s %s", type_, sorted(ids))


def _enqueue_send(run_after: timedelta | None = None) -> None:
    from search.tasks import send_index_backlog

    task = send_index_backlog
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + run_after)
    try:
        task.enqueue()
    except Exception:  # noqa: BLE001 - the backlog keeps the work; reconcile sends it
        logger.exception("Could not queue the search index task")


def backlog_send(limit: int = 500) -> tuple[int, int]:
    """Send due backlog items to Elasticsearch; returns (sent, failed). Failed
    items stay, with their next attempt pushed back."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            IndexBacklog.objects.select_for_update(skip_locked=True)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("queued_at")[:limit]
        )
        if not due:
            return 0, 0
        by_type: dict[str, list[int]] = defaultdict(list)
        for item in due:
            by_type[item.type].append(item.object_id)
        try:
            entries: list[documents.Entry] = []
            removed: list[tuple[str, int]] = []
            for type_, ids in by_type.items():
                found = documents.entries_for(type_, ids)
                entries.extend(found)
                kept = {e.object_id for e in found}
                removed.extend((type_, pk) for pk in ids if pk not in kept)
            elastic.bulk_send(entries, removed)
        except Exception as error:  # noqa: BLE001 - any failure: keep and retry
            logger.warning("Search index update failed, will retry: %s", error)
            _postpone(due, error, now)
            return 0, len(due)
        IndexBacklog.objects.filter(pk__in=[item.pk for item in due]).delete()
    return len(due), 0


def _postpone(items: list[IndexBacklog], error: Exception, now: datetime) -> None:
    for item in items:
        item.attempts += 1
        delay = RETRY_DELAYS[min(item.attempts, len(RETRY_DELAYS)) - 1]
        item.next_attempt_at = now + timedelta(seconds=delay)
        item.last_error = str(error)[:300]
    IndexBacklog.objects.bulk_update(
        items, ["attempts", "next_attempt_at", "last_error"]
    )


def schedule_retry() -> None:
    """Queue the send task again for when the earliest postponed item is due.
    A task backend that cannot defer (the immediate one, in tests) leaves the
    items to the next send or to ``search_reconcile``."""
    soonest = IndexBacklog.objects.aggregate(at=Min("next_attempt_at"))["at"]
    if soonest is None:
        return
    from search.tasks import send_index_backlog

    if send_index_backlog.get_backend().supports_defer:
        _enqueue_send(max(soonest - timezone.now(), timedelta(seconds=1)))
