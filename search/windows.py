# ruff: noqa: S608 - the SQL here is joined from constant fragments written in
# this package; user input only ever travels as query parameters.
"""The newest rows that match a condition, read with bounded work.

A search ranks and counts a *window*: its newest ``SEARCH_COUNT_LIMIT`` matches
(plus one more, which tells that there are more). How those rows are found
cheaply depends on how dense the matches are among all rows; the planner's
estimate chooses the first step, and what each step finds guides the next:

1. Few expected (under half the window): every match is read through the
   indexes and the newest kept.
2. Otherwise, a slice back in time, expected to hold ``SLICE_MARGIN`` times
   what is still needed, is read through the text index: the slice's dates
   join the query as date tokens (``Y:2026-11``, migration 0005), so the index
   answers with the slice's matches only. Then the next, deeper slice, until
   the window is full or the oldest row is passed.

Every step reads only rows older than the previous ones, so the window is
exact; the estimates decide how much work it takes, never what is found. On
SQLite (the local demo) the matches are read in one statement.
"""

import json
import math
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import connection

from search.models import SearchEntry

ENTRY = SearchEntry._meta.db_table
NEWEST = "e.published_at DESC, e.id DESC"
# Read a slice expected to hold this many times the rows still needed: a
# further slice asks the text index again (about a millisecond with its date
# tokens), an extra row costs a few microseconds.
SLICE_MARGIN = 1.5
# Each slice reaches at least this much deeper than the last, so that a
# window takes few steps however wrong the density seen so far.
GROWTH = 1.25
STATISTICS_SECONDS = 600
# Below this share of the window the planner expects, every match is read at
# once; estimates are rough, so it stays below one.
FEW = 0.5


@dataclass(frozen=True)
class Condition:
    """A WHERE clause on ``e`` and its parameters."""

    sql: str
    params: tuple = ()

    def narrowed(self, sql: str, *params: object) -> "Condition":
        return Condition(f"{self.sql} AND {sql}", (*self.params, *params))


@dataclass(frozen=True)
class Columns:
    """What to read of each matching row (after its id). ``costly`` columns
    (a relevance score) are computed only for the rows a window keeps."""

    expressions: tuple[str, ...]
    params: tuple = field(default_factory=tuple)
    costly: bool = False

    @property
    def sql(self) -> str:
        return ", ".join(f"{sql} AS c{i}" for i, sql in enumerate(self.expressions))

    def of(self, alias: str) -> str:
        """The columns as read from a subquery named ``alias``."""
        return ", ".join(f"{alias}.c{i}" for i in range(len(self.expressions)))


def size() -> int:
    return settings.SEARCH_COUNT_LIMIT


def newest(
    where: Condition,
    columns: Columns,
    *,
    expected: float | None = None,
    span: tuple | None = None,
) -> list[tuple]:
    """Up to size() + 1 matching rows, newest first, each ``(id, *columns)``.
    ``expected``: how many rows match, as estimated (see ``estimated``);
    ``span``: the table's ``date_span()``, if the caller has it already.
    ``where`` must hold a text match on ``e.vector`` for the date tokens to
    narrow (search.database's conditions do)."""
    want = size() + 1
    if connection.vendor != "postgresql":
        return all_matches(where, columns, want)
    if expected is None:
        expected = estimated(where)
    if not sliced(expected):
        return all_matches(where, columns, want)
    oldest, latest = span or date_span()
    if latest is None:
        return all_matches(where, columns, want)
    rows: list[tuple] = []
    reached, before = 0, None
    density = expected / max(_table_rows(), expected)
    while len(rows) < want:
        # The next slice back in time, expected to hold what is still needed;
        # past the oldest row, the rest.
        needed = want - len(rows)
        rank = max(
            reached + math.ceil(SLICE_MARGIN * needed / density),
            math.ceil(GROWTH * reached),
        )
        since = _date_at_rank(rank)
        since = since if since is None or before is None else min(since, before)
        if since is None and before is None:  # every match, at once
            return all_matches(where, columns, want)
        dates = Dates(since, before)
        tokens = dates.tokens(oldest, latest)
        found = all_matches(
            where.narrowed("e.vector @@ %s::tsquery", tokens), columns, needed, dates
        )
        rows += found
        if since is None:
            break
        reached, density, before = rank, max(len(found), 1) / (rank - reached), since
    return rows


def sliced(expected: float | None) -> bool:
    """Is a window expected to hold this many matches read in slices of time
    (not every match at once)? Only slices need the table's ``date_span``."""
    return (
        connection.vendor == "postgresql"
        and expected is not None
        and expected >= FEW * (size() + 1)
    )


@dataclass(frozen=True)
class Dates:
    """A slice of time, ``since`` (inclusive, None for the oldest row) to
    ``before`` (exclusive, None for the newest). The newest slice also holds
    the rows without a date, which sort first."""

    since: datetime | None
    before: datetime | None

    def tokens(self, oldest: datetime, latest: datetime) -> str:
        """A tsquery of the days the slice covers (whole days: the slice's
        own bounds are checked on the rows the index finds)."""
        tokens = date_tokens(self.since or oldest, self.before or latest)
        return tokens if self.before else f"{tokens} | 'Y:none'"

    def condition(self, column: str) -> Condition:
        where = Condition("TRUE")
        if self.since is not None:
            newer = f"{column} >= %s"
            if self.before is None:
                newer += f" OR {column} IS NULL"
            where = where.narrowed(f"({newer})", self.since)
        if self.before is not None:
            where = where.narrowed(f"{column} < %s", self.before)
        return where


def date_tokens(since: datetime, until: datetime) -> str:
    """A tsquery of the date tokens (migration 0005) of every UTC day from
    ``since`` to ``until``: whole years and months as one token each."""
    day, last = since.astimezone(UTC).date(), until.astimezone(UTC).date()
    tokens = []
    while day <= last:
        year_end, month_end = date(day.year, 12, 31), _month_end(day)
        if day == date(day.year, 1, 1) and year_end <= last:
            tokens.append(f"Y:{day:%Y}")
            day = year_end + timedelta(days=1)
        elif day.day == 1 and month_end <= last:
            tokens.append(f"Y:{day:%Y-%m}")
            day = month_end + timedelta(days=1)
        else:
            tokens.append(f"Y:{day:%Y-%m-%d}")
            day += timedelta(days=1)
    return " | ".join(f"'{token}'" for token in tokens)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _run(sql: str, params: tuple) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def all_matches(
    where: Condition,
    columns: Columns,
    limit: int | None = None,
    dates: Dates | None = None,
) -> list[tuple]:
    """Every match read through the indexes, the newest ``limit`` kept (all
    without a limit), each ``(id, *columns)``, within ``dates`` if given. The
    MATERIALIZED fence keeps the planner from reading in date order instead
    (which would visit every row when matches are rare), and from crossing
    the text index with the date index, whose every row in a wide slice costs
    more than the few rows the date tokens let through."""
    if connection.vendor != "postgresql":
        return _run(
            f"SELECT e.id, {columns.sql} FROM {ENTRY} e "
            f"WHERE {where.sql} ORDER BY {NEWEST} LIMIT %s",
            (*columns.params, *where.params, limit),
        )
    within = (dates or Dates(None, None)).condition("m.newest")
    if not columns.costly:
        return _run(
            f"WITH m AS MATERIALIZED (SELECT e.id, {columns.sql}, e.published_at "
            f"AS newest FROM {ENTRY} e WHERE {where.sql}) SELECT m.id, "
            f"{columns.of('m')} FROM m WHERE {within.sql} "
            "ORDER BY m.newest DESC, m.id DESC LIMIT %s",
            (*columns.params, *where.params, *within.params, limit),
        )
    # Costly columns only for the rows kept: found again by primary key.
    return _run(
        f"WITH m AS MATERIALIZED (SELECT e.published_at AS newest, e.id FROM {ENTRY} e "
        f"WHERE {where.sql}), kept AS (SELECT m.id FROM m WHERE {within.sql} "
        "ORDER BY m.newest DESC, m.id DESC LIMIT %s) "
        f"SELECT e.id, {columns.sql} FROM kept "
        f"JOIN {ENTRY} e ON e.id = kept.id ORDER BY {NEWEST}",
        (*where.params, *within.params, limit, *columns.params),
    )


def date_span() -> tuple[datetime | None, datetime | None]:
    """The oldest and newest dates of any row (read from the date index's
    ends)."""
    return _run(f"SELECT min(e.published_at), max(e.published_at) FROM {ENTRY} e", ())[
        0
    ]


def estimated(where: Condition) -> float:
    """The planner's estimate of how many rows match (none are read)."""
    sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {ENTRY} e WHERE {where.sql}"
    plan = _run(sql, where.params)[0][0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])


@dataclass
class Statistics:
    """The table's date histogram and row count, as ANALYZE left them."""

    read_at: float = -math.inf
    bounds: list[datetime] = field(default_factory=list)
    rows: float = 0.0


_statistics = Statistics()


def _date_at_rank(rank: int) -> datetime | None:
    """About the date of the rank-th newest row, from the table's statistics
    (ANALYZE keeps a histogram of dates); None if that is past the oldest row
    or there are no statistics yet. A guess only: it sets where a slice starts,
    never what the slices cover together."""
    bounds, rows = _statistics_fresh().bounds, _table_rows()
    if not bounds or rows <= 0 or rank >= rows:
        return None
    # Bounds split the rows into equal parts, oldest first.
    place = (1 - rank / rows) * (len(bounds) - 1)
    lower = math.floor(place)
    if lower + 1 >= len(bounds):
        return bounds[-1]
    return bounds[lower] + (bounds[lower + 1] - bounds[lower]) * (place - lower)


def _table_rows() -> float:
    """About how many rows the table has (the statistics' count)."""
    return _statistics_fresh().rows


def _statistics_fresh() -> Statistics:
    if time.monotonic() - _statistics.read_at > STATISTICS_SECONDS:
        bounds, rows = _date_histogram()
        _statistics.read_at, _statistics.bounds, _statistics.rows = (
            time.monotonic(),
            bounds,
            rows,
        )
    return _statistics


def _date_histogram() -> tuple[list[datetime], float]:
    rows = _run(
        "SELECT s.histogram_bounds::text::timestamptz[], c.reltuples FROM pg_stats s "
        "JOIN pg_class c ON c.relname = s.tablename "
        "AND c.relnamespace = to_regnamespace(s.schemaname) "
        "WHERE s.tablename = %s AND s.attname = 'published_at' "
        "AND s.schemaname = current_schema()",
        (ENTRY,),
    )
    if not rows or not rows[0][0]:
        return [], 0.0
    return list(rows[0][0]), float(rows[0][1])


def statistics_clear() -> None:
    """Forget the date histogram (after ANALYZE, say), so it is read again."""
    _statistics.read_at, _statistics.bounds, _statistics.rows = -math.inf, [], 0.0
