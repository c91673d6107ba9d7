"""A queryset whose SQL Django writes once per process, then runs as it stands.

Turning a queryset into SQL costs Python every time: cloning the query,
resolving each expression, compiling the subqueries of an ``Exists``. For the
queries nearly every request runs (the signed-in person with their standing,
the idea a form acts on) that cost more than the database took to answer:
the person with three ``Exists`` was 2.5 ms of Python for a 0.5 ms answer
(``bench/hot_idea.py``, ``docs/decisions.md``).

So such a query is written by the ORM once, from a queryset built with a
marker in place of the one value that changes, and then run as a raw query
with that value put where the marker was. The rows are model instances as
from any queryset (the fields' converters applied), annotations included as
attributes. The SQL is kept per database, since each writes it its own way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

# An id no row has and no other parameter of these queries equals; a query
# on a text key is given a marker of its own.
ID_MARKER = -7_319_004_211
BIGGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class _Written(Generic[M]):
    model: type[M]
    sql: str
    params: tuple
    at: int  # where the marker is among the parameters


class CompiledQuery(Generic[M]):
    """``make(value)`` builds the queryset; ``first(value)`` runs its SQL."""

    def __init__(
        self, make: Callable[[Any], QuerySet[M]], marker: int | str = ID_MARKER
    ) -> None:
        self.make = make
        self.marker = marker
        self._written: dict[str, _Written[M]] = {}

    def first(self, value: int | str, using: str = "default") -> M | None:
        if isinstance(value, int) and not BIGGEST_ID >= value >= -BIGGEST_ID:
            return None  # no row has it, and SQLite would refuse to compare it
        written = self._written.get(using) or self._write(using)
        params = list(written.params)
        params[written.at] = value
        manager = written.model._default_manager.db_manager(using)
        return next(iter(manager.raw(written.sql, params)), None)

    def _write(self, using: str) -> _Written[M]:
        queryset = self.make(self.marker)
        sql, params = queryset.query.get_compiler(using).as_sql()
        found = [i for i, param in enumerate(params) if param == self.marker]
        if len(found) != 1:
            raise ValueError(f"The marker is {len(found)} times in {sql!r}.")
        written = _Written(queryset.model, sql, tuple(params), found[0])
        self._written[using] = written
        return written
