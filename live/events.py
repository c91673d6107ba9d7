"""Writing and reading the event log, and broadcasting after commit.

``event_emit`` is called by services inside their transaction: the event row and
the change it describes commit together or not at all. The broadcast through the
channel layer happens only after commit; if it is lost (a worker restarts, Redis is
away, a group is over capacity) the row is still there and a client catches up by
subscribing with the last id it saw.
"""

import json
import logging
import threading
import uuid
import weakref
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection, transaction
from django.utils import timezone
from redis.exceptions import RedisError

from common.outage import Outage
from live.models import StreamCounter, StreamEvent
from live.streams import check_event

logger = logging.getLogger(__name__)


def group_name(stream: str) -> str:
    # Channels group names allow letters, digits, hyphens, underscores and dots.
    return f"stream.{stream}"


def _next_id(stream: str) -> int:
    """Allocate the stream's next id; the row lock holds until commit, so ids on
    one stream are given out (and committed) in order."""
    table = StreamCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (stream, last_id) VALUES (%s, 1) "  # noqa: S608
            "ON CONFLICT (stream) DO UPDATE "
            f"SET last_id = {table}.last_id + 1 RETURNING last_id",
            [stream],
        )
        return cursor.fetchone()[0]


def _log(stream: str, event: str, data: dict[str, Any]) -> StreamEvent:
    """Write the event row under the stream's next id. On PostgreSQL the id and
    the row are one statement: a write that holds a hot row lock (a popular
    idea's count) waits one round trip less before its commit."""
    if connection.vendor != "postgresql":
        return StreamEvent.objects.create(
            stream=stream, seq=_next_id(stream), event=event, data=data
        )
    stored = StreamEvent._meta.get_field("data").get_db_prep_save(data, connection)
    ctes, params = logging_ctes(stream, event, "one", "%s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH one AS (SELECT 1), {ctes} "  # noqa: S608 - our own tables
            "SELECT id, seq, created_at FROM logged_event",
            [*params, stored],
        )
        pk, seq, created_at = cursor.fetchone()
    logged = StreamEvent(
        id=pk, stream=stream, seq=seq, event=event, data=data, created_at=created_at
    )
    logged._state.adding = False
    return logged


def logging_ctes(stream: str, event: str, source: str, data: str) -> tuple[str, list]:
    """SQL and parameters of two common table expressions, ``event_counter``
    and ``logged_event``, that log ``event`` on ``stream`` in the very statement
    of the change it describes, once if the CTE ``source`` has a row: ``data``
    is a JSON expression over ``source``'s columns. For a change that must be one
    statement, committed without a round trip in between (a popular idea's
    count, ideas/supports.py); hand the ``logged_event`` row (id, seq, data,
    created_at) to ``event_logged`` afterwards."""
    check_event(stream, event)
    counters, events = StreamCounter._meta.db_table, StreamEvent._meta.db_table
    sql = (
        f"event_counter AS (INSERT INTO {counters} (stream, last_id) "  # noqa: S608
        f"SELECT %s, 1 FROM {source} ON CONFLICT (stream) DO UPDATE "
        f"SET last_id = {counters}.last_id + 1 RETURNING last_id), "
        f"logged_event AS (INSERT INTO {events} (stream, seq, event, data, created_at) "
        f"SELECT %s, event_counter.last_id, %s, {data}, STATEMENT_TIMESTAMP() "
        f"FROM event_counter, {source} RETURNING id, seq, data, created_at)"
    )
    return sql, [stream, stream, event]


def event_logged(
    stream: str, event: str, row: tuple[int, int, Any, Any]
) -> StreamEvent:
    """The event a statement built with ``logging_ctes`` logged: the listeners
    are told (inside the caller's transaction if there is one; after the
    statement committed if it ran on its own) and it is broadcast after commit."""
    pk, seq, data, created_at = row
    if isinstance(data, str):
        data = json.loads(data)
    logged = StreamEvent(
        id=pk, stream=stream, seq=seq, event=event, data=data, created_at=created_at
    )
    logged._state.adding = False
    for listener in _listeners:
        listener(logged)
    transaction.on_commit(lambda: _broadcast(logged))
    return logged


Listener = Callable[[StreamEvent], None]
_listeners: list[Listener] = []


def register_event_listener(listener: Listener) -> None:
    """Have ``listener`` called with every logged event, inside the change's
    transaction, so what it writes commits with the change or not at all (the
    webhooks' deliveries, opendata/webhooks.py). Apps above register in their
    ``AppConfig.ready()``; registering twice is harmless."""
    if listener not in _listeners:
        _listeners.append(listener)


def event_emit(stream: str, event: str, data: dict[str, Any]) -> StreamEvent:
    """Call inside the transaction of the change; returns the logged event.
    The stream's kind must be registered and carry ``event`` (live.streams)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_emit must run inside the change's transaction")
    check_event(stream, event)
    logged = _log(stream, event, data)
    for listener in _listeners:
        listener(logged)
    transaction.on_commit(lambda: _broadcast(logged))
    return logged


def frame(logged: StreamEvent) -> dict[str, Any]:
    return {
        "type": "event",
        "stream": logged.stream,
        "id": logged.seq,
        "event": logged.event,
        "data": logged.data,
    }


# What a layer raises when its server is away or slow: Redis refusing or
# timing out (redis-py's errors; the stock layers' sockets and timeouts are
# OSErrors).
LAYER_AWAY = (RedisError, OSError)
_outages: "weakref.WeakKeyDictionary[Any, Outage]" = weakref.WeakKeyDictionary()
_outages_lock = threading.Lock()


def _outage_of(layer: Any) -> Outage:
    """The layer's own record of being away: a new layer (settings changed)
    starts with none."""
    outage = _outages.get(layer)
    if outage is None:
        with _outages_lock:
            outage = _outages.get(layer)
            if outage is None:
                outage = _outages[layer] = Outage(
                    logger,
                    "Broadcasts failing (%(what)s: %(error)s);"
                    " clients will catch up from the log",
                    "Broadcasts sent again after %(seconds).1f s"
                    " (%(failures)d failed; clients catch up from the log)",
                )
    return outage


def _broadcast(logged: StreamEvent) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    # The Redis layer (config.channel_layer) publishes from this thread; the
    # in-memory one of a single process must be handed to the event loop. (Asked
    # of the class: channels_redis's layers answer unknown attributes from an
    # event loop's layer, and this thread has no running loop.)
    if getattr(type(layer), "group_send_now", None) is not None:
        send = layer.group_send_now
    else:
        send = async_to_sync(layer.group_send)
    try:
        send(
            group_name(logged.stream),
            # Encoded once here rather than once per connected client; the
            # token names this broadcast wherever it is received, so the HTML
            # for readers not signed in is rendered once for all (live.shared).
            {
                "type": "stream.event",
                "frame": frame(logged),
                "text": json.dumps(frame(logged)),
                "token": uuid.uuid4().hex,
            },
        )
    except LAYER_AWAY as error:  # the log has the event; clients catch up
        _outage_of(layer).failed(error, what=f"{logged.stream}#{logged.seq}")
    except Exception:  # noqa: BLE001 - not an outage: worth a line every time
        logger.warning(
            "Broadcast of %s#%s failed; clients will catch up from the log",
            logged.stream,
            logged.seq,
            exc_info=True,
        )
    else:
        _outage_of(layer).recovered()


def last_id(stream: str) -> int:
    counter = StreamCounter.objects.filter(stream=stream).first()
    return counter.last_id if counter else 0


def last_ids(streams: list[str]) -> dict[str, int]:
    """Where each stream stands, in one query."""
    if not streams:
        return {}
    return dict(
        StreamCounter.objects.filter(stream__in=streams).values_list(
            "stream", "last_id"
        )
    )


def events_between(
    stream: str, after: int, before: int | None = None, *, limit: int = 500
) -> list[StreamEvent]:
    """The stream's events after ``after`` (and before ``before``), in order."""
    events = StreamEvent.objects.filter(stream=stream, seq__gt=after)
    if before is not None:
        events = events.filter(seq__lt=before)
    return list(events.order_by("seq")[:limit])


def events_after(stream: str, since: int, *, limit: int = 500) -> list[StreamEvent]:
    return list(
        StreamEvent.objects.filter(stream=stream, seq__gt=since).order_by("seq")[:limit]
    )


def oldest_kept(stream: str) -> int | None:
    first = (
        StreamEvent.objects.filter(stream=stream)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    return first


def events_prune(*, older_than_days: int) -> int:
    """Delete log rows older than the retention window; returns how many. The
    counters stay, so ids never repeat and a client with an older ``since``
    is told to reload."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _rows = StreamEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted
