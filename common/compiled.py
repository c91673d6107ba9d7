"""Queries that nearly every request runs: written once, planned once.

Turning a queryset into SQL costs Python every time: cloning the query,
resolving each expression, compiling the subqueries of an ``Exists``. For the
queries nearly every request runs (its session, the signed-in person with
their standing, the idea a form acts on) that cost more than the database
took to answer: the person with three ``Exists`` was 2.5 ms of Python for a
0.5 ms answer (``bench/hot_idea.py``, ``docs/decisions.md``).

So such a query (``CompiledQuery``) is written by the ORM once, from a
queryset built with a marker in place of each value that changes; each
call runs that SQL with its values where the markers were, and makes the row a
model instance as the queryset would (the fields' converters applied,
annotations as attributes). The SQL is kept per database alias.

On PostgreSQL these queries, and the statements a support is written with,
go through ``planned_cursor``: the server plans each once per connection
(a prepared statement) instead of on every call, which was most of its time
for them. The pooled connections keep their plans; behind a pooler in
transaction mode, where a connection is not one's own from one statement to
the next, ``DATABASE_PREPARED_STATEMENTS=0`` turns this off.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import RelatedPopulator, get_related_populators

M = TypeVar("M", bound=Model)

# Ids no row has and no other parameter of these queries equals; a query on
# a text key is given a marker of its own.
ID_MARKER = -7_319_004_211
SECOND_ID_MARKER = -7_319_004_212
BIGGEST_ID = 2**63 - 1


def planned_cursor(using: str = DEFAULT_DB_ALIAS) -> CursorWrapper:
    """A cursor whose statements PostgreSQL prepares: planned on a
    connection's first use, and run from that plan after. Elsewhere, or with
    ``DATABASE_PREPARED_STATEMENTS`` off, an ordinary cursor. Django's
    wrappers (the query log, ``common.data_version``) see every statement."""
    wrapper: Any = connections[using]
    if wrapper.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        return wrapper.cursor()
    wrapper.close_if_health_check_failed()
    wrapper.ensure_connection()
    with wrapper.wrap_database_errors:
        return wrapper._prepare_cursor(_preparing_cursor()(wrapper.connection))


@functools.cache
def _preparing_cursor() -> Any:
    """psycopg's cursor with server-side binding, each statement prepared
    (psycopg keeps the last hundred per connection). Made when first asked:
    the PostgreSQL backend imports psycopg."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            run = super().execute  # type: ignore[misc]
            return run(query, params, prepare=True, binary=binary)

        def _maybe_prepare_gen(self, pgq, *, prepare=None, binary=None):
            # psycopg keeps the query it ran only when it ran it unprepared;
            # Django's query log (tests, DEBUG) reads it from there.
            self._query = pgq
            run = super()._maybe_prepare_gen  # type: ignore[misc]
            return run(pgq, prepare=prepare, binary=binary)

    return PreparingCursor


# A window (``queryset[WINDOW]``) written once: Django writes a slice's
# bounds into the SQL as numbers, which become parameters here.
WINDOW_OFFSET = 7_319_004_000
WINDOW_LIMIT = 7_319_003
WINDOW = slice(WINDOW_OFFSET, WINDOW_OFFSET + WINDOW_LIMIT)
_WINDOW_SQL = f"LIMIT {WINDOW_LIMIT} OFFSET {WINDOW_OFFSET}"


@dataclass(frozen=True)
class _Written(Generic[M]):
    model: type[M]
    sql: str
    params: tuple
    at: tuple[int, ...]  # where the markers are among the parameters
    window_at: int | None  # where the window's limit and offset go, if any
    # By column, as the compiler applies them (the backend's read only its
    # settings, so the functions of the thread that wrote it serve all).
    converters: dict[int, tuple[list, Any]]
    fields: slice  # the model's columns in a row
    field_names: list[str]
    annotations: dict[str, int]
    related: tuple[RelatedPopulator, ...]  # select_related, set as Django does


class CompiledQuery(Generic[M]):
    """``make(*markers)`` builds the queryset (sliced with ``WINDOW`` if its
    rows are read a window at a time); ``first(*values)`` and
    ``all(*values)`` run its SQL with the values in the markers' places."""

    def __init__(
        self,
        make: Callable[..., QuerySet[M]],
        markers: tuple[int | str, ...] = (ID_MARKER,),
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        self.make = make
        self.markers = markers
        self.using = using
        self._written: dict[str, _Written[M]] = {}

    def first(self, *values: int | str) -> M | None:
        found = self._rows(values, None, one=True)
        return found[0] if found else None

    def all(self, *values: int | str, window: tuple[int, int] | None = None) -> list[M]:
        """Every row; ``window`` (offset, limit) for a query made with one."""
        return self._rows(values, window, one=False)

    def _rows(
        self, values: tuple, window: tuple[int, int] | None, *, one: bool
    ) -> list[M]:
        for value in values:
            if isinstance(value, int) and not BIGGEST_ID >= value >= -BIGGEST_ID:
                return []  # no row has it; SQLite would refuse to compare it
        using = self.using
        written = self._written.get(using) or self._write(using)
        params = list(written.params)
        for at, value in zip(written.at, values, strict=True):
            params[at] = value
        if (window is None) != (written.window_at is None):
            raise ValueError("A window is given exactly where the query has one.")
        if window is not None and written.window_at is not None:
            offset, limit = window
            params[written.window_at : written.window_at] = [limit, offset]
        with planned_cursor(using) as cursor:
            cursor.execute(written.sql, params)
            rows = [cursor.fetchone()] if one else cursor.fetchall()
        return [self._model(row, written, using) for row in rows if row is not None]

    @staticmethod
    def _model(row: tuple, written: _Written[M], using: str) -> M:
        values = _converted(row, written.converters, connections[using])
        found = written.model.from_db(
            using, written.field_names, values[written.fields]
        )
        for populator in written.related:
            populator.populate(values, found)
        for name, column in written.annotations.items():
            setattr(found, name, values[column])
        return found

    def _write(self, using: str) -> _Written[M]:
        """As Django's ModelIterable reads a queryset's rows: one model, its
        annotations and the models ``select_related`` joins."""
        queryset = self.make(*self.markers)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        at = []
        for marker in self.markers:
            found = [i for i, param in enumerate(params) if param == marker]
            if len(found) != 1:
                raise ValueError(f"A marker is {len(found)} times in {sql!r}.")
            at.append(found[0])
        sql, window_at = _window_as_parameters(sql)
        klass_info = compiler.klass_info
        if klass_info is None:
            raise ValueError("Rows of a model, not values.")
        columns = klass_info["select_fields"]
        fields = slice(columns[0], columns[-1] + 1)
        select = compiler.select
        written = _Written(
            model=queryset.model,
            sql=sql,
            params=tuple(params),
            at=tuple(at),
            window_at=window_at,
            converters=compiler.get_converters(
                [column for column, _sql, _alias in select[: compiler.col_count]]
            ),
            fields=fields,
            field_names=[column.target.attname for column, *_ in select[fields]],
            annotations=dict(compiler.annotation_col_map or {}),
            # Django 5.2's signature; the type stubs describe a later one.
            related=tuple(get_related_populators(klass_info, select, using)),  # type: ignore[call-arg]
        )
        self._written[using] = written
        return written


def _window_as_parameters(sql: str) -> tuple[str, int | None]:
    """The SQL with the window's numbers as two parameters, and the index
    among the parameters where they go (those written before it)."""
    count = sql.count(_WINDOW_SQL)
    if count == 0:
        return sql, None
    if count > 1:
        raise ValueError(f"A window is {count} times in {sql!r}.")
    before, after = sql.split(_WINDOW_SQL)
    # %% is a literal percent sign, %s a parameter.
    window_at = before.replace("%%", "").count("%s")
    return f"{before}LIMIT %s OFFSET %s{after}", window_at


def _converted(row: tuple, converters: dict, connection: Any) -> tuple | list:
    if not converters:
        return row
    values = list(row)
    for column, (functions, expression) in converters.items():
        for function in functions:
            values[column] = function(values[column], expression, connection)
    return values
