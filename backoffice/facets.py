"""The triage's counts: for every option of every filter with counts, how
many ideas the list would hold with that option and the other filters kept
(so choosing a status does not zero the other statuses), and the total.

Two ways to count, the same numbers (tests/backoffice/test_tally.py):

- from the tally (backoffice.models.IdeaTally), when only counted filters are
  chosen: one short ``GROUP BY`` per facet over a few hundred rows, plus the
  ideas younger than the oldest age bracket (a few weeks of them, read from
  the index ``idea_triage_recent``) for the ages;
- from the ideas, when a filter without counts (a unit, a person, words)
  narrows the list: the ideas in it are grouped by their whole key once, and
  the facets are sums over the groups.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from accounts.models import Role
from backoffice import tally
from backoffice.models import EVERY_GOAL, IdeaTally
from ideas.models import Idea, IdeaKind, IdeaStatus

if TYPE_CHECKING:  # selectors imports this module
    from backoffice.selectors import TriageFilters

# Statuses on which the city still owes an answer.
OPEN_STATUSES = (IdeaStatus.SUBMITTED, IdeaStatus.UNDER_REVIEW)
AGES = (7, 30, 90)
COLUMN_FACETS = ("status", "kind", "author_role")
LINK_FACETS = ("district", "challenge", "organisation")
FACETS = (*COLUMN_FACETS, "waiting", *LINK_FACETS, "goal")
TOTAL, EVERY_AGE = "total", "every_age"
Counts = dict[str, dict[str, int]]


def count_facets(filters: "TriageFilters") -> Counts:
    counts: Counts = {
        "status": dict.fromkeys(IdeaStatus.values, 0),
        "kind": dict.fromkeys(IdeaKind.values, 0),
        "author_role": dict.fromkeys(Role.values, 0),
        "waiting": {"1": 0},
        "age": {str(d): 0 for d in AGES},
        **{facet: {} for facet in (*LINK_FACETS, "goal")},
        "total": {"all": 0},
    }
    if filters.narrowed() or not tally.kept_by(connection):
        _count_groups(counts, filters, _groups(filters))
    else:
        _count_tally(counts, filters)
    return counts


def _add(counter: dict[str, int], value: object, n: int) -> None:
    counter[str(value)] = counter.get(str(value), 0) + n


def _all(conditions: Iterable[Q]) -> Q:
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def age_bracket(now: datetime) -> Case:
    """The oldest of AGES an idea has reached (0: younger than all)."""
    return Case(
        *(
            When(published_at__lte=now - timedelta(days=days), then=Value(days))
            for days in sorted(AGES, reverse=True)
        ),
        default=Value(0),
    )


def visible_since(moment: datetime) -> Q:
    return Q(
        published_at__gt=moment, published_at__isnull=False, hidden_at__isnull=True
    )


# From the tally ------------------------------------------------------------

TALLY_COLUMNS = {facet: F(facet) for facet in FACETS}
IDEA_COLUMNS = {
    **{facet: F(facet) for facet in COLUMN_FACETS},
    "waiting": Value(True),  # counted among the waiting only
    **{facet: F(f"{facet}_id") for facet in LINK_FACETS},
    "goal": F("goals"),
}


def _on_tally(filters: "TriageFilters") -> dict[str, Q]:
    """The chosen options as conditions on tally rows (the goal chooses rows)."""
    chosen = {facet: Q(**{facet: getattr(filters, facet)}) for facet in (
        *COLUMN_FACETS, *LINK_FACETS) if getattr(filters, facet)}  # fmt: skip
    if filters.waiting:
        chosen["waiting"] = Q(waiting=True)
    return chosen


def _on_ideas(filters: "TriageFilters") -> dict[str, Q]:
    """The same options as conditions on ideas, the goal among them."""
    chosen = {facet: Q(**{facet: getattr(filters, facet)}) for facet in COLUMN_FACETS
              if getattr(filters, facet)}  # fmt: skip
    chosen |= {
        facet: Q(**{f"{facet}_id": getattr(filters, facet)})
        for facet in LINK_FACETS
        if getattr(filters, facet)
    }
    if filters.waiting:
        chosen["waiting"] = Q(first_answered_at__isnull=True, status__in=OPEN_STATUSES)
    if filters.goal:
        links = Idea.goals.through.objects.filter(goalpage_id=filters.goal)
        chosen["goal"] = Q(pk__in=links.values("idea_id"))
    return chosen


def _labelled(rows: QuerySet, facet: str, value: Any, n: Any) -> QuerySet:
    """Rows of (facet, option, count), so every part can share one union."""
    return (
        rows.order_by()
        .values(g_facet=Value(facet), g_value=Cast(value, CharField()))
        .annotate(g_n=n)
    )


def _count_tally(counts: Counts, filters: "TriageFilters") -> None:
    """One statement, so a write in between cannot make its parts disagree:
    per facet, the tally's rows passing the other options, summed by option;
    with an age chosen, less the ideas younger than it; and the young ideas
    passing every option, by age bracket, for the age facet."""
    now, goal = filters.now, filters.goal or EVERY_GOAL
    on_tally, on_ideas = _on_tally(filters), _on_ideas(filters)
    parts = []
    for facet in (*FACETS, TOTAL, EVERY_AGE):
        rows = IdeaTally.objects.filter(
            _all(q for f, q in on_tally.items() if f != facet)
        )
        rows = (
            rows.exclude(goal=EVERY_GOAL) if facet == "goal" else rows.filter(goal=goal)
        )
        value = TALLY_COLUMNS.get(facet, Value(""))
        parts.append(_labelled(rows, facet, value, Sum("ideas")))
        if filters.age and facet != EVERY_AGE:
            parts.append(_younger_taken_out(filters, facet, on_ideas))
    young = visible_since(now - timedelta(days=max(AGES))) & _all(on_ideas.values())
    parts.append(
        _labelled(Idea.objects.filter(young), "age", age_bracket(now), Count("pk"))
    )

    every_age, young_by_bracket = 0, Counter[int]()
    for facet, value, n in (
        parts[0].union(*parts[1:], all=True).values_list("g_facet", "g_value", "g_n")
    ):
        n = n or 0
        if facet == EVERY_AGE:
            every_age += n
        elif facet == "age":
            young_by_bracket[int(value)] += n
        elif facet == TOTAL:
            counts["total"]["all"] += n
        elif facet == "waiting":
            counts["waiting"]["1"] += n if value in ("true", "1", "True") else 0
        elif facet in LINK_FACETS and value in (None, "0"):
            continue  # none linked
        else:
            _add(counts[facet], value, n)
    for days in AGES:
        younger = sum(n for bracket, n in young_by_bracket.items() if bracket < days)
        counts["age"][str(days)] = every_age - younger


def _younger_taken_out(
    filters: "TriageFilters", facet: str, on_ideas: dict[str, Q]
) -> QuerySet:
    """For ``facet``: the ideas younger than the age chosen that pass the other
    options, as negative counts per option."""
    since = visible_since(filters.now - timedelta(days=filters.age or 0))
    ideas = Idea.objects.filter(
        since & _all(q for f, q in on_ideas.items() if f != facet)
    )
    if facet == "goal":
        ideas = ideas.filter(goals__isnull=False)
    elif facet == "waiting":
        ideas = ideas.filter(first_answered_at__isnull=True, status__in=OPEN_STATUSES)
    value = IDEA_COLUMNS.get(facet, Value(""))
    return _labelled(ideas, facet, value, Value(0) - Count("pk"))


# From the ideas ------------------------------------------------------------

Group = Mapping[str, Any]
GROUP_COLUMNS = (
    "goal", "status", "kind", "author_role", "waiting",
    "district", "challenge", "organisation", "age",
)  # fmt: skip


def _grouped(scope: Q, now: datetime, *, by_goal: bool) -> QuerySet:
    """The ideas in ``scope`` grouped by their whole key and age bracket, once
    over all (goal 0) or once per linked goal."""
    ideas = Idea.objects.filter(scope).order_by()
    if by_goal:
        ideas = ideas.filter(goals__isnull=False)
    columns = {
        "g_goal": F("goals") if by_goal else Value(EVERY_GOAL),
        "g_status": F("status"),
        "g_kind": F("kind"),
        "g_author_role": F("author_role"),
        "g_waiting": Case(
            When(first_answered_at__isnull=True, status__in=OPEN_STATUSES, then=True),
            default=Value(False),
        ),
        "g_district": Coalesce("district_id", 0),
        "g_challenge": Coalesce("challenge_id", 0),
        "g_organisation": Coalesce("organisation_id", 0),
        "g_age": age_bracket(now),
    }
    return ideas.values(**columns).annotate(g_n=Count("pk"))


def _groups(filters: "TriageFilters") -> list[dict[str, Any]]:
    scope, now = filters.uncounted_q(), filters.now
    query = _grouped(scope, now, by_goal=False).union(
        _grouped(scope, now, by_goal=True), all=True
    )
    with transaction.atomic(), _without_parallel_workers():
        rows = list(query)
    return [
        {**{name: row[f"g_{name}"] for name in GROUP_COLUMNS}, "n": row["g_n"]}
        for row in rows
    ]


@contextmanager
def _without_parallel_workers() -> Iterator[None]:
    """Within the current transaction, no parallel workers on PostgreSQL:
    for a grouping of a few thousand rows, starting them cost more than they
    saved (a words search's counts: p50 about 18 ms with two workers, 8-11 ms
    without, measured at 100,000 ideas with bench/backoffice.py's query)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    yield


def _tests(filters: "TriageFilters") -> dict[str, Callable[[Group], bool]]:
    """Per facet: whether a group passes the option chosen (or any)."""
    tests: dict[str, Callable[[Group], bool]] = {
        "waiting": lambda g: not filters.waiting or bool(g["waiting"]),
        "age": lambda g: not filters.age or g["age"] >= filters.age,
    }
    for facet in (*COLUMN_FACETS, *LINK_FACETS):
        tests[facet] = _option_test(facet, getattr(filters, facet))
    return tests


def _option_test(facet: str, chosen: object) -> Callable[[Group], bool]:
    if not chosen:
        return lambda group: True
    return lambda group: group[facet] == chosen


def _count_groups(counts: Counts, filters: "TriageFilters", groups: list) -> None:
    tests = _tests(filters)
    for group in groups:
        kept = {facet: test(group) for facet, test in tests.items()}
        if sum(kept.values()) < len(kept) - 1:
            continue  # two options fail: it counts nowhere
        n, every = group["n"], all(kept.values())
        if group["goal"] != EVERY_GOAL and every:
            _add(counts["goal"], group["goal"], n)
        # The other facets count within the goal chosen, or over all ideas.
        if group["goal"] != (filters.goal or EVERY_GOAL):
            continue
        if every:
            counts["total"]["all"] += n
        for facet in tests:
            if every or not kept[facet]:  # kept apart from this facet's own
                _count_option(counts, facet, group, n)


def _count_option(counts: Counts, facet: str, group: Group, n: int) -> None:
    if facet == "waiting":
        if group["waiting"]:
            counts["waiting"]["1"] += n
    elif facet == "age":
        for days in AGES:
            if group["age"] >= days:
                counts["age"][str(days)] += n
    elif facet in LINK_FACETS:
        if group[facet]:  # 0: none linked
            _add(counts[facet], group[facet], n)
    else:
        _add(counts[facet], group[facet], n)
