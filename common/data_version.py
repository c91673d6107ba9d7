"""A number that moves after every committed write to what the public sees.

What many readers share (the open API's answers, ``remembered`` figures such
as a goal's number of ideas) is cached under this version, so a change is never
served stale: the number moves once the change has
committed, and the next reader asks for a key no earlier response was stored
under. It moves by itself: every statement a database connection runs passes
``watch_writes`` (installed on each new connection by ``common.apps``), which
notices INSERT, UPDATE and DELETE, whether from a model's save, a queryset's
update, raw SQL or a migration, in the web server, the task worker or a
management command. A write inside a transaction bumps the number once, after
commit; a rolled-back one never. Statements that a request commits one by one
bump it once, when the view is done (``OneBumpPerRequestMiddleware``), or
sooner if something reads it.

Writes to tables the public never reads through a cached response (sessions,
the task queue, notifications, delivery logs, search backlogs) leave it alone,
so the worker's routine does not empty the cache every minute.

The number lives in the shared cache. When that is away nothing is cached, and
a bump that fails is owed: the process bumps as soon as the cache answers
again. Whatever a missed bump could leave (a change made by hand in psql) lasts
at most what is cached lives (``API_CACHE_SECONDS``,
``DATA_VERSION_CACHE_SECONDS``).
"""

import hashlib
import re
import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from common import narrow_versions, versions

VERSION_KEY = "data:version"
T = TypeVar("T")

# Tables whose writes change nothing a cached response shows.
QUIET_TABLES = frozenset(
    {
        "django_session",
        "django_tasks_database_dbtaskresult",
        "worker_scheduledrun",
        "worker_workerbeat",
        "notifications_notification",
        "notifications_digestsent",
        "opendata_webhookdelivery",
        "idestad_search_indexbacklog",
        "wagtailadmin_editingsession",
        "wagtailimages_rendition",
        "accounts_auditlogentry",
    }
)

# Django quotes the table right after the verb; anything else that writes
# (a CTE, a COPY, a trigger's DDL) is counted as a write to something public.
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE
)
_READ = re.compile(r"^\s*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK|SHOW|EXPLAIN)\b", re.I)
# A query with common table expressions (search's ranked pages) reads, unless
# one of its parts writes; a word that only looks like one counts as a write.
_WITH = re.compile(r"^\s*WITH\b", re.I)
_WRITES_INSIDE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b", re.I)

_owed = False


def version() -> int | None:
    """The current version; None while the shared cache is away (then
    nothing may be cached). A bump this request still owes is made first."""
    global _owed
    if _owed:
        _owed = False
        bump()
    if getattr(_request, "owed", False):
        _request.owed = False
        bump()
    return versions.read(VERSION_KEY)


def remembered(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` as of the current data version, shared through the cache
    for ``DATA_VERSION_CACHE_SECONDS`` (0: always computed): for a figure whose
    cost grows with the data, such as how many ideas a goal has. Never stale
    after a committed change; between changes computed once for everyone."""
    seconds = settings.DATA_VERSION_CACHE_SECONDS
    current = version() if seconds else None
    if current is None:
        return compute()
    return versions.kept(f"data:{current}:{key}", compute, seconds)


def address_key(kind: str, request) -> str | None:
    """The cache key of what ``request``'s address answers at the current data
    version, or None while the shared cache is away. Read before the answer is
    made: an answer stored under it is never older than it."""
    current = version()
    if current is None:
        return None
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"{kind}:{current}:{address}"


def bump() -> None:
    global _owed
    _owed = not versions.move(VERSION_KEY)


versions.register(VERSION_KEY, DEFAULT_TIMEOUT)


def changes_public_data(sql) -> bool:
    if not isinstance(sql, str):
        return True  # composed SQL: count it rather than guess
    if _READ.match(sql):
        return False
    if _WITH.match(sql):
        return _WRITES_INSIDE.search(sql) is not None
    written = _WRITE.match(sql)
    if written is None:
        return not sql.lstrip().upper().startswith(("SET ", "BEGIN", "COMMIT"))
    return written.group(1) not in QUIET_TABLES


def watch_writes(execute, sql, params, many, context):
    """A database execute wrapper (``connection.execute_wrappers``)."""
    result = execute(sql, params, many, context)
    if changes_public_data(sql):
        _bump_after_commit(context["connection"])
        for key in narrow_versions.moved_by(sql if isinstance(sql, str) else ""):
            _narrow_bump_after_commit(context["connection"], key)
    return result


_narrow_bumps: dict[str, Callable[[], None]] = {}


def _narrow_bump_after_commit(connection, key: str) -> None:
    bump_it = _narrow_bumps.get(key)
    if bump_it is None:
        bump_it = _narrow_bumps[key] = lambda: narrow_versions.bump(key)
    if not connection.in_atomic_block:
        bump_it()
    elif not any(func is bump_it for _ids, func, _robust in connection.run_on_commit):
        connection.on_commit(bump_it, robust=True)


def _bump_after_commit(connection) -> None:
    if not connection.in_atomic_block:
        # Autocommit: the statement has committed already. (Under manual
        # transaction management, which nothing here uses, this is early.)
        if getattr(_request, "open", False):
            _request.owed = True  # once, when the request is done
        else:
            bump()
        return
    # Once per transaction: a callback dropped with a rolled-back savepoint
    # is looked for again by the next write.
    if any(func is bump for _ids, func, _robust in connection.run_on_commit):
        return
    connection.on_commit(bump, robust=True)


_request = threading.local()


class OneBumpPerRequestMiddleware:
    """A request whose statements commit one by one (a support is one
    statement, and the search's counters another) moves the version once,
    when its view is done, instead of once per statement: a round trip to
    Redis less per support. Whatever reads the version in the meantime (a
    page rendered after the write) makes the bump first, so no answer is ever
    made from what was cached before the write."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if getattr(_request, "open", False):
            return self.get_response(request)  # a request inside a request
        _request.open, _request.owed = True, False
        try:
            return self.get_response(request)
        finally:
            _request.open = False
            if _request.owed:
                _request.owed = False
                bump()


def install(connection, **kwargs) -> None:
    """``connection_created`` receiver: watch this connection's writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)
