# ruff: noqa: S608 - the SQL here is joined from constant fragments written in
# this module; user input only ever travels as query parameters.
"""The database backend: the ``SearchEntry`` table, written and queried.

On PostgreSQL entries carry a stored ``tsvector`` made with the entry's own
text-search configuration ('swedish' or 'english'); a query is parsed with
``websearch_to_tsquery`` in both configurations, so any input is valid syntax,
and ranked with ``ts_rank`` (title weight A, text B) times a mild boost for
support and recency. Facet counts come from one statement that finds the
matching rows once and counts every facet over them. On SQLite (the local
demo) the same statements run with a plain substring match instead.
"""

import json
import re
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from search.documents import Entry
from search.models import SearchEntry
from search.query import (
    FACETS,
    MARK_END,
    MARK_START,
    PER_PAGE,
    FacetValue,
    Hit,
    SearchRequest,
    SearchResults,
    last_page,
    marked_html,
    plain_snippet,
)

ENTRY = SearchEntry._meta.db_table
COLUMNS = {
    "type": "type",
    "status": "status",
    "kind": "kind",
    "organisation_kind": "organisation_kind",
    "district": "district_id",
    "challenge": "challenge_id",
}
FIELDS = [
    "language", "title", "body", "url", "status", "kind", "organisation_kind",
    "author_role", "district_id", "challenge_id", "goal_ids", "published_at",
    "support_count", "comment_count",
]  # fmt: skip
CONFIG = (
    "CASE WHEN e.language = 'en' THEN 'english'::regconfig "
    "ELSE 'swedish'::regconfig END"
)
TSQUERY = (
    "(websearch_to_tsquery('swedish'::regconfig, %s) || "
    "websearch_to_tsquery('english'::regconfig, %s))"
)
# A mild boost: support counts on a log scale, and items from the last year or so.
BOOST = (
    "(1 + 0.1 * ln(1 + e.support_count)) * (1 + 0.3 * exp(-extract(epoch FROM "
    "(now() - coalesce(e.published_at, now()))) / 31536000.0))"
)
WORDS = re.compile(r"\w+")
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, "
    'MaxWords=28, MinWords=12, FragmentDelimiter=" … "'
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Writing


@transaction.atomic
def entries_store(entries: Sequence[Entry]) -> None:
    """Insert or update entries and (on PostgreSQL) their vectors."""
    if not entries:
        return
    rows = SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                type=e.type,
                object_id=e.object_id,
                fingerprint=e.fingerprint,
                **{name: getattr(e, name) for name in FIELDS},
            )
            for e in entries
        ],
        update_conflicts=True,
        unique_fields=["type", "object_id"],
        update_fields=[*FIELDS, "fingerprint"],
    )
    ids = _ids_for(entries) if any(r.pk is None for r in rows) else [r.pk for r in rows]
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ENTRY} e SET vector = "
                f"setweight(to_tsvector({CONFIG}, e.title), 'A') || "
                f"setweight(to_tsvector({CONFIG}, e.body), 'B') "
                "WHERE e.id = ANY(%s)",
                [ids],
            )


def _ids_for(entries: Sequence[Entry]) -> list[int]:
    keys = {(e.type, e.object_id) for e in entries}
    rows = SearchEntry.objects.filter(
        type__in={t for t, _ in keys}, object_id__in={o for _, o in keys}
    ).values_list("pk", "type", "object_id")
    found = {(t, o): pk for pk, t, o in rows if (t, o) in keys}
    return [found[(e.type, e.object_id)] for e in entries]


def entries_remove(type_: str, ids: Iterable[int]) -> int:
    deleted, _ = SearchEntry.objects.filter(
        type=type_, object_id__in=list(ids)
    ).delete()
    return deleted


def entries_clear(type_: str | None = None) -> None:
    entries = SearchEntry.objects.all()
    if type_:
        entries = entries.filter(type=type_)
    entries.delete()


# --- Reading
#
# Work is bounded: a search reads at most SEARCH_COUNT_LIMIT matching rows,
# newest first (an index gives that order, so a broad query stops early instead
# of reading every match). Below the limit everything is exact; above it, hits
# are ranked among the newest matches up to the limit, the total says "more
# than" and facet counts are for those rows, which the page says.

NEWEST = "e.published_at DESC, e.id DESC"


def window() -> int:
    return settings.SEARCH_COUNT_LIMIT


class Statement:
    """SQL text and its parameters, built up from parts we write ourselves."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[object] = []

    def add(self, sql: str, *params: object) -> "Statement":
        self.parts.append(sql)
        self.params.extend(params)
        return self

    def run(self) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute("".join(self.parts), self.params)
            return cursor.fetchall()


def _match(request: SearchRequest) -> tuple[str, list[object]]:
    """The rows a query can find, aliased ``e``: pages in the reader's language
    only (each page exists once per language), other content in any language."""
    pages = "(e.type <> 'page' OR e.language = %s)"
    if not request.query:
        return pages, [request.language]
    if is_postgres():
        # Inline (not from a CTE): the planner then estimates how many rows
        # the words match, and picks the index that reads fewest.
        return f"{pages} AND e.vector @@ {TSQUERY}", [
            request.language,
            request.query,
            request.query,
        ]
    like = f"%{request.query}%"
    return f"{pages} AND (e.title LIKE %s OR e.body LIKE %s)", [
        request.language,
        like,
        like,
    ]


def _goal_values(alias: str) -> str:
    """A row per goal id of ``alias``.goal_ids, as ``g.value``."""
    if is_postgres():
        return f"jsonb_array_elements_text({alias}.goal_ids) AS g(value)"
    return f"json_each({alias}.goal_ids) AS g"


def _filters(filters: dict[str, tuple[str, ...]]) -> tuple[str, list[object]]:
    clauses, params = ["TRUE"], []
    for name, values in filters.items():
        marks = ", ".join(["%s"] * len(values))
        if name == "goal" and is_postgres():
            # Containment uses the GIN index on goal_ids.
            either = " OR ".join(["e.goal_ids @> %s::jsonb"] * len(values))
            clauses.append(f"({either})")
            params.extend(json.dumps([int(v)]) for v in values)
        elif name == "goal":
            clauses.append(
                f"EXISTS (SELECT 1 FROM {_goal_values('e')} "
                f"WHERE CAST(g.value AS TEXT) IN ({marks}))"
            )
            params.extend(values)
        else:
            clauses.append(f"e.{COLUMNS[name]} IN ({marks})")
            ids = name in ("district", "challenge")
            params.extend(int(v) if ids else v for v in values)
    return " AND ".join(clauses), params


def _matches(request: SearchRequest, filters) -> tuple[str, list[object]]:
    match_sql, match_params = _match(request)
    where, params = _filters(filters)
    return f"{match_sql} AND {where}", [*match_params, *params]


def _more_than(request: SearchRequest, filters, limit: int) -> bool:
    """Do more than ``limit`` rows match? Asked without an order, so PostgreSQL
    stops reading as soon as it has found that many (or all of them)."""
    where, params = _matches(request, filters)
    statement = Statement().add(
        f"SELECT count(*) FROM (SELECT 1 FROM {ENTRY} e WHERE {where} LIMIT %s) s",
        *params,
        limit + 1,
    )
    return statement.run()[0][0] > limit


def _estimated(request: SearchRequest, filters) -> int:
    """The planner's estimate of how many rows match (no rows are read)."""
    where, params = _matches(request, filters)
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {ENTRY} e WHERE {where}", params
        )
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


# Past this many matches, reading newest first and stopping early is cheaper
# than reading every match and sorting them (the matches are then dense enough
# among all rows); below it, the reverse.
DENSE_FACTOR = 10


def _read_newest_first(request: SearchRequest, filters) -> bool | None:
    """None: few enough matches to read them all. True: many, and dense enough
    to read newest first and stop early. False: many but sparse, so read them
    all through the indexes and keep the newest.

    The first question is answered by counting (cheap either way). The second
    by the planner's estimate, which is good for words and filters but treats a
    phrase as its words anywhere, so a phrase is always read the sparse way.
    """
    if not _more_than(request, filters, window()):
        return None
    if not is_postgres() or '"' in request.query:
        return False
    return _estimated(request, filters) > DENSE_FACTOR * window()


def _window(
    statement: Statement,
    name: str,
    request: SearchRequest,
    filters,
    *,
    scored: bool,
) -> None:
    """A CTE of the matching rows, newest first, at most window() + 1 of them,
    with the facet columns, each row's place (``n``) and, if ``scored``, the
    relevance score. How the rows are read depends on how many match (see
    ``_read_newest_first``): a wrong guess would cost a full scan."""
    where, params = _matches(request, filters)
    score, score_params = "0", []
    if scored and request.query and is_postgres():
        score = f"ts_rank(e.vector, {TSQUERY}) * {BOOST}"
        score_params = [request.query, request.query]
    columns = ", ".join(f"e.{c}" for c in COLUMNS.values())
    select = (
        f"SELECT e.id, {columns}, e.goal_ids, e.published_at, {score} AS score "
        f"FROM {ENTRY} e WHERE {where}"
    )
    select_params = [*score_params, *params]
    newest = NEWEST.replace("e.", "a.")
    numbered = f"row_number() OVER (ORDER BY {newest}) AS n"
    if _read_newest_first(request, filters):
        statement.add(
            f", {name} AS MATERIALIZED (SELECT a.*, {numbered} FROM ({select} "
            f"ORDER BY {NEWEST} LIMIT %s) a)",
            *select_params,
            window() + 1,
        )
    else:
        # A fence: every match is read through the indexes, then sorted.
        statement.add(
            f", {name}_all AS MATERIALIZED ({select}), {name} AS MATERIALIZED "
            f"(SELECT a.*, {numbered} FROM {name}_all a ORDER BY {newest} LIMIT %s)",
            *select_params,
            window() + 1,
        )


def _facet_branches(statement: Statement, request: SearchRequest) -> None:
    for facet in FACETS:
        source = f"w_{facet}" if facet in request.filters else "w"
        if facet == "goal":
            statement.add(
                " UNION ALL SELECT 'goal', CAST(g.value AS TEXT), count(*) "
                f"FROM {source} m, {_goal_values('m')} WHERE m.n <= %s "
                "GROUP BY CAST(g.value AS TEXT)",
                window(),
            )
        else:
            column = COLUMNS[facet]
            statement.add(
                f" UNION ALL SELECT '{facet}', CAST(m.{column} AS TEXT), count(*) "
                f"FROM {source} m WHERE m.n <= %s AND m.{column} IS NOT NULL "
                f"AND CAST(m.{column} AS TEXT) <> '' GROUP BY m.{column}",
                window(),
            )


def _hit_branch(statement: Statement, request: SearchRequest, page: int) -> None:
    order = "m.published_at DESC, m.id DESC"
    if request.sort == "relevance" and request.query:
        order = f"m.score DESC, {order}"
    statement.add(
        # A subquery, not a parenthesised branch: SQLite allows only the former.
        " UNION ALL SELECT * FROM (SELECT 'hit', CAST(m.id AS TEXT), row_number() "
        f"OVER (ORDER BY {order}) FROM w m WHERE m.n <= %s ORDER BY {order} "
        "LIMIT %s OFFSET %s) h",
        window(),
        PER_PAGE,
        (page - 1) * PER_PAGE,
    )


def _window_search(request: SearchRequest, page: int) -> tuple[int, dict, list[int]]:
    """One statement: the windows, the facet counts and one page of hits."""
    statement = Statement().add("WITH q AS (SELECT 1)")
    _window(statement, "w", request, request.filters, scored=True)
    for facet in request.filters:
        others = request.filters_except(facet)
        _window(statement, f"w_{facet}", request, others, scored=False)
    statement.add(" SELECT 'total', NULL, count(*) FROM w")
    _facet_branches(statement, request)
    if request.sort != "support":
        _hit_branch(statement, request, page)
    total, counts, hits = 0, {name: {} for name in FACETS}, []
    for kind, value, count in statement.run():
        if kind == "total":
            total = count
        elif kind == "hit":
            hits.append((count, int(value)))
        else:
            counts[kind][value] = count
    return total, counts, [pk for _, pk in sorted(hits)]


def _most_supported(request: SearchRequest, page: int) -> list[int]:
    """Most supported first, over every match (an index gives the order)."""
    match_sql, match_params = _match(request)
    where, params = _filters(request.filters)
    statement = Statement().add(
        f"SELECT e.id FROM {ENTRY} e WHERE {match_sql} AND {where} "
        "ORDER BY e.support_count DESC, e.id DESC LIMIT %s OFFSET %s",
        *match_params,
        *params,
        PER_PAGE,
        (page - 1) * PER_PAGE,
    )
    return [row[0] for row in statement.run()]


def _highlights(ids: list[int], request: SearchRequest) -> dict[int, tuple[str, str]]:
    """Title and snippet with highlight markers, for one page of hits."""
    if not (ids and request.query and is_postgres()):
        return {}
    options = HEADLINE_OPTIONS
    sql = (
        f"SELECT e.id, ts_headline({CONFIG}, e.title, t.q, 'HighlightAll=true, "
        f"StartSel={MARK_START}, StopSel={MARK_END}'), "
        f"ts_headline({CONFIG}, e.body, t.q, %s) "
        f"FROM {ENTRY} e, (SELECT {TSQUERY} AS q) t WHERE e.id = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [options, request.query, request.query, ids])
        return {pk: (title, body) for pk, title, body in cursor.fetchall()}


def search(request: SearchRequest) -> SearchResults:
    found, counts, ids = _window_search(request, request.page)
    total = min(found, window())
    page = last_page(total, request.page)
    if request.sort == "support":
        ids = _most_supported(request, page)
    elif page != request.page:
        # Asked past the end: the last page instead (a second, rare statement).
        ids = _window_search(request, page)[2]
    entries = SearchEntry.objects.in_bulk(ids)
    highlights = _highlights(ids, request)
    hits = []
    for pk in ids:
        entry = entries[pk]
        title, snippet = highlights.get(pk, (entry.title, plain_snippet(entry.body)))
        hits.append(
            Hit(
                type=entry.type,
                object_id=entry.object_id,
                url=entry.url,
                title_html=marked_html(title),
                snippet_html=marked_html(snippet),
                status=entry.status,
                kind=entry.kind,
                published_at=entry.published_at,
                support_count=entry.support_count,
                comment_count=entry.comment_count,
            )
        )
    facets = {
        name: [
            FacetValue(
                value=value,
                count=count,
                selected=value in request.filters.get(name, ()),
            )
            for value, count in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        for name, values in counts.items()
    }
    return SearchResults(
        request=request,
        hits=hits,
        total=total,
        page=page,
        facets=facets,
        backend="database",
        capped=found > window(),
    )


# --- Similar ideas, suggestions


SIMILAR_MIN_RANK = 0.06
SIMILAR_CANDIDATES = 1_000


def similar_ideas(
    title: str, summary: str, *, exclude: int | None = None, limit: int = 5
) -> list[int]:
    """Ideas that look like the one being written, best first: titles alike by
    trigrams, or texts sharing at least two of the title's words (ranked by
    every word of title and summary). Weak matches are left out."""
    if not is_postgres():
        entries = SearchEntry.objects.filter(type="idea", title__icontains=title[:60])
        if exclude:
            entries = entries.exclude(object_id=exclude)
        return list(entries.values_list("object_id", flat=True)[:limit])
    title_words = _words(title)
    any_word = " | ".join(_words(f"{title} {summary}"))
    if not any_word:
        return []
    pairs = " | ".join(
        f"({a} & {b})" for i, a in enumerate(title_words) for b in title_words[i + 1 :]
    )
    sql = (
        "SELECT c.object_id FROM (SELECT e.object_id, e.support_count, "
        "similarity(upper(e.title), upper(%s)) AS alike, "
        "ts_rank(e.vector, to_tsquery('swedish'::regconfig, %s)) AS shared "
        f"FROM {ENTRY} e WHERE e.type = 'idea' AND e.object_id <> %s AND "
        "(upper(e.title) %% upper(%s) "
        "OR e.vector @@ to_tsquery('swedish'::regconfig, %s)) "
        "LIMIT %s) c WHERE c.alike >= 0.3 OR c.shared >= %s "
        "ORDER BY c.alike * 2 + c.shared DESC, c.support_count DESC LIMIT %s"
    )
    params = [
        title, any_word, exclude or 0, title, pairs or any_word,
        SIMILAR_CANDIDATES, SIMILAR_MIN_RANK, limit,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _words(text: str, most: int = 12) -> list[str]:
    """Distinct words of three letters or more, quoted for to_tsquery (the
    configuration still stems them and drops stop words)."""
    words = [w for w in WORDS.findall(text.casefold()) if len(w) >= 3]
    return [f"'{w}'" for w in list(dict.fromkeys(words))[:most]]


def suggestions(
    prefix: str, *, language: str = "sv", limit: int = 6
) -> list[SearchEntry]:
    """Titles that start with, or contain, what has been typed so far."""
    prefix = prefix.strip()[:100]
    if len(prefix) < 2:
        return []
    entries = SearchEntry.objects.filter(
        Q(type__in=["idea", "project"]) | Q(type="page", language=language)
    )
    starts = list(
        entries.filter(title__istartswith=prefix).order_by("-support_count")[:limit]
    )
    if len(starts) >= limit:
        return starts
    more = entries.filter(title__icontains=prefix).exclude(
        pk__in=[e.pk for e in starts]
    )
    return starts + list(
        more.order_by("-support_count", "title")[: limit - len(starts)]
    )
