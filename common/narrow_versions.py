"""Versions that move only with the writes that can change a kind of answer.

The data version (``common.data_version``) moves after every public write, a
support included. A figure that costs more than a page should pay after each
support, and that depends on little, is kept under a narrow version instead
(``remembered_under``): how many visible ideas a goal has changes when an
idea is written, deleted, published, hidden or linked to other goals, never
when its counts move. A narrow version names its tables and, per table, the
columns its figures never read; it moves after any statement that writes one
of its tables, unless the statement is an UPDATE that sets only such columns.
A statement it cannot read that far moves it: a figure counted again is the
cheap mistake, a stale one the mistake never made.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings

from common import versions

T = TypeVar("T")


@dataclass(frozen=True)
class NarrowVersion:
    key: str
    tables: frozenset[str]
    # table → columns no figure under this version reads
    unread: dict[str, frozenset[str]]


_registered: dict[str, NarrowVersion] = {}

_WRITTEN = re.compile(
    r"\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE|TRUNCATE(?:\s+TABLE)?|MERGE\s+INTO|COPY)"
    r'\s+(?:ONLY\s+)?"?([\w.]+)"?',
    re.IGNORECASE,
)
# A column set by an UPDATE: right after SET or after a comma. Read over all
# of the UPDATE (to the end of the statement, or of the parentheses it is
# written in, as a part of a WITH), so an assignment is never missed; a match
# that is no assignment only makes the statement count as a change.
_ASSIGNED = re.compile(r'(?:\bSET\s+|,\s*)"?(\w+)"?\s*=(?!=)', re.IGNORECASE)
# String literals, emptied first: a parenthesis in one is not SQL's.
_LITERAL = re.compile(r"'(?:[^']|'')*'")


def register(key: str, tables: set[str], unread: dict[str, set[str]]) -> None:
    _registered[key] = NarrowVersion(
        key,
        frozenset(tables),
        {table: frozenset(columns) for table, columns in unread.items()},
    )
    versions.register(key)
    moved_by.cache_clear()


@functools.lru_cache(maxsize=1024)
def moved_by(sql: str) -> tuple[str, ...]:
    """The narrow versions a write statement moves (statements are written
    with parameters, so the same few are read each time: kept)."""
    sql = _LITERAL.sub("''", sql)
    writes = list(_WRITTEN.finditer(sql))
    if not writes:
        return tuple(_registered)  # a write it cannot read moves them all
    return tuple(
        key
        for key, narrow in _registered.items()
        if any(_changes(narrow, sql, write) for write in writes)
    )


def _changes(narrow: NarrowVersion, sql: str, write: re.Match) -> bool:
    verb, table = write.group(1).upper(), write.group(2).split(".")[-1]
    if table not in narrow.tables:
        return False
    unread = narrow.unread.get(table)
    if verb != "UPDATE" or not unread:
        return True
    own = _to_closing_parenthesis(sql, write.end())
    assigned = {name.lower() for name in _ASSIGNED.findall(own)}
    return not assigned or not assigned <= unread


def _to_closing_parenthesis(sql: str, start: int) -> str:
    depth = 0
    for at in range(start, len(sql)):
        if sql[at] == "(":
            depth += 1
        elif sql[at] == ")":
            depth -= 1
            if depth < 0:
                return sql[start:at]
    return sql[start:]


# Versions a write should have moved while the cache was away: moved as soon
# as it answers again, before anything is read under them (as the data
# version's owed bump is), or what was kept before the write would be served.
_owed: set[str] = set()


def bump(key: str) -> None:
    if versions.move(key):
        _owed.discard(key)
    else:
        _owed.add(key)


def remembered_under(narrow: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` as of the narrow version, shared through the cache for
    ``DATA_VERSION_CACHE_SECONDS`` (0: always computed)."""
    seconds = settings.DATA_VERSION_CACHE_SECONDS
    if not seconds:
        return compute()
    if narrow in _owed:
        bump(narrow)
        if narrow in _owed:  # still away: nothing is kept meanwhile
            return compute()
    return versions.kept(f"{narrow}:{versions.read(narrow)}:{key}", compute, seconds)
