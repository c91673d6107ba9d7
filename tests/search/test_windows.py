# ruff: noqa: S608 - SQL from search.windows' own constants.
"""search.windows: a search's window is exactly its newest matches, whichever
way the estimates choose to read them (every match at once, the newest rows
first, slices back in time, the rest). Entries are stored straight into the
search table: what is tested is reading, and the spread of dates is the point."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection

from search import windows
from search.database import entries_store
from search.documents import Entry

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROWS = 400
START = datetime(2026, 1, 1, tzinfo=UTC)
LANTERN = windows.Condition(
    "e.vector @@ websearch_to_tsquery('swedish'::regconfig, %s)", ("lykta",)
)
PATTERNS = {
    "every row matches": lambda i: True,
    "the newest rows match": lambda i: i >= ROWS - 60,
    "old rows match densely, new ones rarely": lambda i: i < 100 or i % 30 == 0,
    "one row in forty": lambda i: i % 40 == 0,
    "only the oldest rows": lambda i: i < 4,
    "no row": lambda i: False,
}


def store(matches) -> None:
    """ROWS posts an hour apart; those ``matches`` picks say "lykta"."""
    entries_store(
        [
            Entry(
                type="post",
                object_id=i,
                title=f"Inlägg {i}",
                body="En lykta vid vägen." if matches(i) else "En bänk vid vägen.",
                url=f"/p/{i}/",
                published_at=START + timedelta(hours=i),
            )
            for i in range(ROWS)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {windows.ENTRY}")
    windows.statistics_clear()


def newest_plainly(where: windows.Condition, limit: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id FROM {windows.ENTRY} e WHERE {where.sql} "
            f"ORDER BY {windows.NEWEST} LIMIT %s",
            (*where.params, limit),
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=PATTERNS.keys())
def test_the_window_is_exactly_the_newest_matches(settings, pattern):
    settings.SEARCH_COUNT_LIMIT = 5
    store(pattern)
    rows = windows.newest(LANTERN, windows.Columns(("e.title",)))
    assert [row[0] for row in rows] == newest_plainly(LANTERN, 6)
    assert len(rows) == min(6, sum(map(pattern, range(ROWS))))
    assert all(row[1].startswith("Inlägg") for row in rows)


def test_rare_matches_are_read_in_slices_back_in_time(
    settings, django_assert_max_num_queries
):
    """Matches the newest rows do not hold are looked for a slice at a time
    (each bounded by date), not by reading every older match at once."""
    settings.SEARCH_COUNT_LIMIT = 5
    store(PATTERNS["old rows match densely, new ones rarely"])
    with django_assert_max_num_queries(12) as context:
        rows = windows.newest(LANTERN, windows.Columns(("e.title",)))
    statements = [query["sql"] for query in context.captured_queries]
    assert any("'Y:2026-01-1" in sql for sql in statements)
    assert len(rows) == 6


def test_dense_matches_are_read_from_the_newest_slice_alone(
    settings, django_assert_max_num_queries
):
    """Where most rows match, one slice of the newest days is enough: its
    dates join the text query as tokens, so the index finds that slice's
    matches only."""
    settings.SEARCH_COUNT_LIMIT = 5
    store(PATTERNS["every row matches"])
    # The estimate, the newest date, the table's statistics, the one slice.
    with django_assert_max_num_queries(4) as context:
        rows = windows.newest(LANTERN, windows.Columns(("e.title",)))
    read = context.captured_queries[-1]["sql"]
    assert "'Y:2026-01-17'" in read
    assert "'Y:2026-01-01'" not in read
    assert len(rows) == 6


def test_rows_without_a_date_come_first(settings):
    """PostgreSQL sorts a missing date first, newest first: so does the
    window, which finds them through their own token."""
    settings.SEARCH_COUNT_LIMIT = 5
    store(PATTERNS["every row matches"])
    windows.SearchEntry.objects.filter(object_id__in=[3, 7]).update(published_at=None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {windows.ENTRY} e SET vector = idestad_search_vector(e)"
        )
    rows = windows.newest(LANTERN, windows.Columns(("e.title",)))
    assert [row[0] for row in rows] == newest_plainly(LANTERN, 6)
    assert {row[1] for row in rows[:2]} == {"Inlägg 3", "Inlägg 7"}


SPANS = [
    ("2026-01-17 05:00", "2026-01-17 23:00"),
    ("2026-01-30 10:00", "2026-03-02 01:00"),
    ("2025-12-31 23:30", "2027-01-01 00:30"),
    ("2024-02-28 12:00", "2026-11-27 12:00"),
    ("2025-01-01 00:00", "2025-12-31 23:59"),
]


@pytest.mark.parametrize(("since", "until"), SPANS)
def test_date_tokens_cover_every_day_of_a_span_and_no_other(since, until):
    since, until = (
        datetime.fromisoformat(f"{moment}+00:00") for moment in (since, until)
    )
    covered = set()
    for token in windows.date_tokens(since, until).split(" | "):
        covered |= days_of(token.strip("'").removeprefix("Y:"))
    first, last = since.date(), until.date()
    expected = {first + timedelta(days=n) for n in range((last - first).days + 1)}
    assert covered == expected


def days_of(bucket: str) -> set[date]:
    """The days a year ("2026"), month ("2026-01") or day token stands for."""
    parts = [int(part) for part in bucket.split("-")] + [1, 1]
    first = date(*parts[:3])
    if bucket.count("-") == 2:
        return {first}
    days, day = set(), first
    while day.year == first.year and (
        bucket.count("-") == 0 or day.month == first.month
    ):
        days.add(day)
        day += timedelta(days=1)
    return days
