# ruff: noqa: S608 - the SQL here is joined from constant fragments written in
# this module; user input only ever travels as query parameters.
"""The database backend: the ``SearchEntry`` table, written and queried.

On PostgreSQL each entry carries one stored ``tsvector``: its text in its own
language's configuration ('swedish' or 'english'), plus tokens for its
language, its facet values and its pairs of neighbouring words (migration
0004). A query is one tsquery: the words (``websearch_to_tsquery``, so any
input is valid), the pairs of its quoted phrases and its facet filters, which
one GIN index answers. Hits are ranked with ``ts_rank`` (title weight A, text
B) times a mild boost for support and recency. A search ranks, sorts and
counts a window of the newest matches (search.windows); a facet with a choice
is counted over its own window without that choice. On SQLite (the local
demo) the same steps run with a plain substring match instead.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Field, Q, QuerySet

from common.compiled import planned_cursor
from search import substring
from search.documents import COUNTERS, Entry
from search.models import EntryType, SearchEntry
from search.query import (
    CONTROL,
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
from search.windows import (
    Columns,
    Condition,
    all_matches,
    date_span,
    estimated,
    newest,
    sliced,
)
from search.windows import size as window_size

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
# A mild boost: support counts on a log scale, and items from the last year or
# so. In double precision: extract() gives numeric, whose ln/exp are slow.
BOOST = (
    "(1 + 0.1 * ln((1 + e.support_count)::float8)) * (1 + 0.3 * exp(-extract("
    "epoch FROM (now() - coalesce(e.published_at, now())))::float8 / 31536000.0))"
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
            # The text, facet tokens and word pairs (migration 0004).
            cursor.execute(
                f"UPDATE {ENTRY} e SET vector = idestad_search_vector(e) "
                "WHERE e.id = ANY(%s)",
                [ids],
            )


def counters_refresh(type_: str, ids: Iterable[int]) -> None:
    """Copy the counters of these entries from their source rows: one UPDATE.
    On PostgreSQL the source rows are read under a share lock, so a support
    still being written to one (its statement copies the count as well) is
    waited for, and its count, not an older one, is what stays. Written out
    rather than built by the ORM: it runs after every comment."""
    ids = list(ids)
    if not ids:
        return
    model, columns = COUNTERS[type_]
    source = model._meta.db_table
    placeholders = ", ".join(["%s"] * len(ids))
    params: list[int | str]
    if is_postgres():
        sets = ", ".join(
            f"{_counter_column(field)} = source.{column}"
            for field, column in columns.items()
        )
        sql = (
            f"UPDATE {ENTRY} SET {sets} FROM (SELECT id, "  # noqa: S608
            f"{', '.join(columns.values())} FROM {source} "
            f"WHERE id IN ({placeholders}) FOR SHARE) source "
            f"WHERE {ENTRY}.type = %s AND {ENTRY}.object_id = source.id"
        )
        params = [*ids, type_]
    else:  # one writer at a time: nothing to wait for
        sets = ", ".join(
            f"{_counter_column(field)} = (SELECT source.{column} "
            f"FROM {source} source WHERE source.id = {ENTRY}.object_id)"
            for field, column in columns.items()
        )
        sql = (
            f"UPDATE {ENTRY} SET {sets} WHERE type = %s "  # noqa: S608
            f"AND object_id IN ({placeholders})"
        )
        params = [type_, *ids]
    with planned_cursor() as cursor:  # after every comment: planned once
        cursor.execute(sql, params)


def support_count_cte(source: str) -> tuple[str, list]:
    """A CTE that copies the support count of the idea in the CTE ``source``
    (columns ``id``, ``support_count``) into its entry, if it has one: written
    in the statement that moves the count (ideas.supports.copy_support_count),
    whose lock on the idea's row orders the copies as the counts."""
    column = _counter_column("support_count")
    sql = (
        f"entry_counted AS (UPDATE {ENTRY} SET {column} = "  # noqa: S608
        f"{source}.support_count FROM {source} WHERE {ENTRY}.type = %s "
        f"AND {ENTRY}.object_id = {source}.id)"
    )
    return sql, [EntryType.IDEA]


def _counter_column(field: str) -> str:
    found = SearchEntry._meta.get_field(field)
    assert isinstance(found, Field) and found.column  # noqa: S101 - a plain column
    return found.column


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
# Work is bounded: a search ranks and counts a window of at most
# SEARCH_COUNT_LIMIT matches, the newest (search.windows reads them cheaply
# however many rows match). Below the limit everything is exact; above it,
# hits are ranked among the newest matches, the total says "more than" and
# facet counts are for those rows, which the page says.

# Facet filters become tokens in the same tsquery as the words (migration
# 0004 writes the same tokens into each entry's vector): the GIN index then
# intersects a facet's short list with a common word's long one itself.
TOKEN_PREFIX = {
    "type": "T",
    "status": "S",
    "district": "D",
    "challenge": "C",
    "kind": "K",
    "organisation_kind": "O",
    "goal": "G",
}
PHRASE = re.compile(r'"([^"]+)"')
SIGNED_PHRASE = re.compile(r'(-?)"([^"]+)"')
# Each entry is matched by the query in its own language's stems (the L:
# token, migration 0004): with both readings at once, an exclusion such as
# -"trafik och park" would let a Swedish text through the English reading.
IDEAS = "'''T:idea'''::tsquery"
ENGLISH = "'''L:en'''::tsquery"
IN_LANGUAGE = f"(({{sv}} && !!{ENGLISH}) || ({{en}} && {ENGLISH}))"
WORDS_IN = "websearch_to_tsquery('{cfg}'::regconfig, %s)"
# Quoted phrases also ask for their word pairs (migration 0004).
PAIRED = "idestad_search_paired('{cfg}'::regconfig, {words}, %s)"


def _facet_column(facet: str) -> str:
    """A facet's column as SQL. Goal ids come as their JSON text, "[3, 12]",
    which is quick to split: PostgreSQL casts its jsonb to that text, and
    SQLite stores the JSON as that text already."""
    if facet == "goal":
        return "e.goal_ids::text" if is_postgres() else "e.goal_ids"
    return f"e.{COLUMNS[facet]}"


def _facet_sql() -> tuple[str, ...]:
    return tuple(_facet_column(name) for name in FACETS)


def _tokens(filters: dict[str, tuple[str, ...]]) -> str:
    """Facet filters as a tsquery: a facet's values OR'd, facets AND'ed. The
    values are known to be ids or choices (query.clean_filters), so they need
    no quoting beyond the lexeme quotes."""
    return " & ".join(
        "(" + " | ".join(f"'{TOKEN_PREFIX[name]}:{v}'" for v in values) + ")"
        for name, values in filters.items()
    )


def _text_match(query: str) -> tuple[str, list[object]]:
    """The query in each entry's own language. Where both readings are the
    same (most words are), that reading alone: the same rows, and the index
    weighs one word for each row it considers instead of three (the planner
    works the CASE out before it reads anything)."""
    phrases = PHRASE.findall(query)
    sv, en = WORDS_IN.format(cfg="swedish"), WORDS_IN.format(cfg="english")
    params: list[object] = [query]
    if phrases:
        sv = PAIRED.format(cfg="swedish", words=sv)
        en = PAIRED.format(cfg="english", words=en)
        params = [query, phrases]
    either = IN_LANGUAGE.format(sv=sv, en=en)
    return f"(CASE WHEN {sv} = {en} THEN {sv} ELSE {either} END)", params * 5


def _readable(request: SearchRequest) -> Condition:
    """Pages in the reader's language only (each page exists once per
    language), other content in any."""
    return Condition("(e.type <> 'page' OR e.language = %s)", (request.language,))


def _condition(request: SearchRequest, filters) -> Condition:
    """The rows a query and filters find, aliased ``e``."""
    where = _readable(request)
    if is_postgres():
        return _text_and_tokens(where, request, filters)
    return _columns_matching(_like(where, request), filters)


def _estimate_condition(request: SearchRequest, filters) -> Condition | None:
    """The same rows with the facets (but goals) as columns, whose statistics
    know how facets go together (migration 0004); as tokens, the planner would
    take them as independent and expect far too few rows."""
    if not is_postgres():
        return None
    where = _readable(request)
    goals = {k: v for k, v in filters.items() if k == "goal"}
    columns = {k: v for k, v in filters.items() if k != "goal"}
    where = _text_and_tokens(where, request, goals, text=_text_to_estimate)
    return _columns_matching(where, columns)


def _text_to_estimate(query: str) -> tuple[str, list[object]]:
    """The words as the planner should estimate them: a quoted phrase as its
    word pairs alone. The pairs imply the words, and the planner, taking them
    as independent, would expect ten times too few matches and read too deep
    a slice. An excluded phrase is left out (an estimate errs high then)."""
    phrases = [phrase for sign, phrase in SIGNED_PHRASE.findall(query) if not sign]
    if not phrases:
        return _text_match(query)
    pairs = " && ".join(
        ["idestad_search_phrase_pairs('swedish'::regconfig, %s)"] * len(phrases)
    )
    words = WORDS_IN.format(cfg="swedish")
    return f"({words} && {pairs})", [SIGNED_PHRASE.sub(" ", query), *phrases]


def _text_and_tokens(
    where: Condition, request: SearchRequest, filters: dict | str, text=None
) -> Condition:
    """The words and the filters (or a tsquery of tokens) in one tsquery."""
    parts: list[str] = []
    params: list[object] = []
    if request.query:
        sql, text_params = (text or _text_match)(request.query)
        parts.append(sql)
        params.extend(text_params)
    tokens = filters if isinstance(filters, str) else _tokens(filters)
    if tokens:
        parts.append("%s::tsquery")
        params.append(tokens)
    if parts:
        where = where.narrowed(f"e.vector @@ ({' && '.join(parts)})", *params)
    return where


def _like(where: Condition, request: SearchRequest) -> Condition:
    """SQLite (the local demo): a plain substring match (search.substring)."""
    return substring.condition(where, request.query) if request.query else where


def _columns_matching(where: Condition, filters) -> Condition:
    for name, values in filters.items():
        marks = ", ".join(["%s"] * len(values))
        if name == "goal":  # SQLite only: PostgreSQL asks the goal token
            where = where.narrowed(
                "EXISTS (SELECT 1 FROM json_each(e.goal_ids) AS g "
                f"WHERE CAST(g.value AS TEXT) IN ({marks}))",
                *values,
            )
        else:
            ids = name in ("district", "challenge")
            where = where.narrowed(
                f"e.{COLUMNS[name]} IN ({marks})",
                *(int(v) if ids else v for v in values),
            )
    return where


def _main_columns(request: SearchRequest) -> Columns:
    """Every facet column, the support count and the relevance score (which
    is computed for these rows only)."""
    facets = _facet_sql()
    if request.query and is_postgres():
        score = f"ts_rank(e.vector, {TSQUERY}) * {BOOST}"
        return Columns(
            (*facets, "e.support_count", score), (request.query,) * 2, costly=True
        )
    return Columns((*facets, "e.support_count", "0"))


def _windows(request: SearchRequest) -> tuple[list[tuple], dict[str, list[tuple]]]:
    """The main window (every column) and, for each facet with a choice, its
    window without that choice (that facet's column only).

    With a choice or two, the windows overlap: "parkering" in district 3,
    status submitted, ideas only, and the same without each of those. Windows
    of few matches are read in one pass over all their rows together."""
    groups = {"": request.filters}
    groups.update({f: request.filters_except(f) for f in request.filters})
    expected = {key: _expected(request, filters) for key, filters in groups.items()}
    # Windows expected to be small are read together: one pass over their
    # union, split by their filters here.
    limit = settings.SEARCH_READ_TOGETHER * window_size()
    shared = [key for key, n in expected.items() if n is not None and n < limit]
    found = _read_together(request, {k: groups[k] for k in shared})
    left = [expected[key] for key in groups.keys() - found.keys()]
    span = date_span() if any(sliced(n) for n in left) else None
    carrier = _carrier(expected, found)
    if carrier:
        found.update(_carried(request, carrier, groups[carrier], expected, span))
    for key in groups.keys() - found.keys():
        columns = _main_columns(request) if key == "" else _column(key)
        where = _condition(request, groups[key])
        found[key] = newest(where, columns, expected=expected[key], span=span)
    return found.pop(""), found


def _carrier(expected: dict[str, float | None], found: dict) -> str | None:
    """A facet window that holds about the main window's matches and more:
    "ideas only" next to "status: submitted", which only ideas have. The main
    window is then read out of it rather than on its own."""
    main = expected.get("")
    if "" in found or main is None:
        return None
    choices = {
        k: n for k, n in expected.items() if k and k not in found and n is not None
    }
    if not choices:
        return None
    best = min(choices, key=choices.__getitem__)
    ratio = settings.SEARCH_CARRY_RATIO
    return best if choices[best] <= ratio * max(main, 1) else None


def _carried(
    request: SearchRequest, carrier: str, filters, expected: dict, span: tuple | None
) -> dict[str, list[tuple]]:
    """The carrier's window, and the main window out of it if it holds it:
    every main match is among the carrier's, so the carrier's window holds
    the main window when it holds all the carrier's matches, or when every
    row of it is a main match (older main matches are then older than all)."""
    rows = newest(
        _condition(request, filters),
        Columns((*_facet_sql(), "e.support_count")),
        expected=expected[carrier],
        span=span,
    )
    place = 1 + FACETS.index(carrier)
    found = {carrier: [(row[0], row[place]) for row in rows]}
    main = [row for row in rows if _passes(row, request.filters)]
    if len(rows) <= window_size() or len(main) == len(rows):
        found[""] = _scored(request, main)
    return found


def _expected(request: SearchRequest, filters) -> float | None:
    condition = _estimate_condition(request, filters)
    return None if condition is None else estimated(condition)


def _column(facet: str) -> Columns:
    return Columns((_facet_column(facet),))


def _read_together(request: SearchRequest, groups: dict) -> dict[str, list[tuple]]:
    """Windows read in one pass over the union of their matches (every one of
    them: each window is then exact), split by each window's filters. The main
    window's scores are computed for its own rows only."""
    if len(groups) < 2 or not is_postgres():
        return {}
    where = _text_and_tokens(_readable(request), request, _union(groups.values()))
    rows = all_matches(where, Columns((*_facet_sql(), "e.support_count")))
    want = window_size() + 1
    found = {}
    for key, filters in groups.items():
        kept = [row for row in rows if _passes(row, filters)][:want]
        if key:
            place = 1 + FACETS.index(key)
            kept = [(row[0], row[place]) for row in kept]
        found[key] = kept
    if "" in found:
        found[""] = _scored(request, found[""])
    return found


def _union(filter_sets) -> str:
    """A tsquery of tokens for rows that pass any of the filter sets, said
    simply: the index pays for every operator on every row it considers, and
    "Kista, submitted, ideas | Kista, submitted | Kista, ideas" costs twice
    what its equal "Kista & (submitted | ideas)" does. A set that implies
    another is left out (its rows are among the other's), and the facets all
    the rest choose alike are said once. Empty if any set has no filter."""
    sets = list(filter_sets)
    kept = [
        f for f in sets if not any(_implies(f, g) and not _implies(g, f) for g in sets)
    ]
    kept = list({_key(f): f for f in kept}.values())
    if not kept or not all(kept):
        return ""
    common = {
        name: values
        for name, values in kept[0].items()
        if all(set(f.get(name, ())) == set(values) for f in kept)
    }
    rest = [{k: v for k, v in f.items() if k not in common} for f in kept]
    parts = [_tokens(common)] if common else []
    if all(rest):
        parts.append(" | ".join(f"({_tokens(f)})" for f in rest))
    return " & ".join(f"({part})" for part in parts)


def _key(filters: dict) -> tuple:
    return tuple(sorted((name, tuple(sorted(v))) for name, v in filters.items()))


def _implies(narrower: dict, broader: dict) -> bool:
    """Does passing ``narrower`` mean passing ``broader``?"""
    return all(
        name in narrower and set(narrower[name]) <= set(values)
        for name, values in broader.items()
    )


def _passes(row: tuple, filters) -> bool:
    """Does a row (id, *facet columns) meet every filter?"""
    for name, values in filters.items():
        value = row[1 + FACETS.index(name)]
        if name == "goal":
            if not _goal_ids(value) & set(values):
                return False
        elif value is None or str(value) not in values:
            return False
    return True


def _scored(request: SearchRequest, rows: list[tuple]) -> list[tuple]:
    """Rows with their relevance score appended, as _main_columns gives."""
    if not (rows and request.query):
        return [(*row, 0) for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id, ts_rank(e.vector, {TSQUERY}) * {BOOST} FROM {ENTRY} e "
            "WHERE e.id = ANY(%s)",
            (request.query, request.query, [row[0] for row in rows]),
        )
        scores = dict(cursor.fetchall())
    return [(*row, scores[row[0]]) for row in rows]


def _goal_ids(text: str | None) -> set[str]:
    """Goal ids from their JSON text, "[3, 12]"."""
    return set(text.strip("[]").split(", ")) - {""} if text else set()


def _counted(values: Iterable, facet: str) -> dict[str, int]:
    """Entries per value of one facet (an entry counts once per goal)."""
    if facet == "goal":
        values = (goal for goals in values if goals for goal in _goal_ids(goals))
    counts = Counter(values)  # counted in C, which matters for a thousand rows
    return {str(v): n for v, n in counts.items() if v is not None and v != ""}


def _facet_counts(rows: list[tuple], others: dict[str, list[tuple]]) -> dict:
    """Counts over the window; a facet with a choice is counted over its own
    window without that choice, so the other values still show what they
    would give (disjunctive facets)."""
    columns = list(zip(*rows, strict=True))[1:] if rows else [()] * len(FACETS)
    counts = {name: _counted(columns[i], name) for i, name in enumerate(FACETS)}
    for facet, window in others.items():
        counts[facet] = _counted((row[1] for row in window[: window_size()]), facet)
    return counts


def _page_ids(request: SearchRequest, rows: list[tuple], page: int) -> list[int]:
    """One page of the window, in the order asked for (rows come newest first,
    and stay so among equals)."""
    if request.sort == "support":
        rows = sorted(rows, key=lambda row: -row[-2])
    elif request.sort == "relevance" and request.query:
        rows = sorted(rows, key=lambda row: -row[-1])
    start = (page - 1) * PER_PAGE
    return [row[0] for row in rows[start : start + PER_PAGE]]


def _highlights(ids: list[int], request: SearchRequest) -> dict[int, tuple[str, str]]:
    """Title and snippet with highlight markers, for one page of hits."""
    if not (ids and request.query):
        return {}
    if not is_postgres():
        entries = SearchEntry.objects.filter(pk__in=ids).values_list(
            "pk", "title", "body"
        )
        return {
            pk: substring.highlighted(title, body, request.query)
            for pk, title, body in entries
        }
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
    found, others = _windows(request)
    rows = found[: window_size()]
    page = last_page(len(rows), request.page)
    counts = _facet_counts(rows, others)
    ids = _page_ids(request, rows, page)
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
        total=len(rows),
        page=page,
        facets=facets,
        backend="database",
        capped=len(found) > len(rows),
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
    title, summary = CONTROL.sub(" ", title), CONTROL.sub(" ", summary)
    if not is_postgres():
        return _similar_by_substring(title, exclude=exclude, limit=limit)
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
        f"OR e.vector @@ (to_tsquery('swedish'::regconfig, %s) && {IDEAS})) "
        "LIMIT %s) c WHERE c.alike >= 0.3 OR c.shared >= %s "
        "ORDER BY c.alike * 2 + c.shared DESC, c.support_count DESC LIMIT %s"
    )
    params: list[str | int | float] = [
        title, any_word, exclude or 0, title, pairs or any_word,
        SIMILAR_CANDIDATES, SIMILAR_MIN_RANK, limit,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _similar_by_substring(title: str, *, exclude: int | None, limit: int) -> list[int]:
    """SQLite (the local demo): ideas whose titles share the most of this
    title's longer words, most supported first among equals."""
    words = list(dict.fromkeys(w for w in WORDS.findall(title.lower()) if len(w) >= 4))
    if not words:
        return []
    match = Q()
    for word in words[:12]:
        match |= Q(title__icontains=word)
    candidates = SearchEntry.objects.filter(match, type="idea")
    if exclude:
        candidates = candidates.exclude(object_id=exclude)
    rows = candidates.values_list("object_id", "title", "support_count")[
        :SIMILAR_CANDIDATES
    ]
    shared = [
        (sum(word in found.lower() for word in words), support, pk)
        for pk, found, support in rows
    ]
    shared.sort(key=lambda row: (-row[0], -row[1], row[2]))
    return [pk for count, _support, pk in shared if count][:limit]


def _words(text: str, most: int = 12) -> list[str]:
    """Distinct words of three letters or more, quoted for to_tsquery (the
    configuration still stems them and drops stop words)."""
    words = [w for w in WORDS.findall(text.casefold()) if len(w) >= 3]
    return [f"'{w}'" for w in list(dict.fromkeys(words))[:most]]


def suggestions(
    prefix: str, *, language: str = "sv", limit: int = 6
) -> list[SearchEntry]:
    """Titles that start with, or contain, what has been typed so far."""
    prefix = CONTROL.sub(" ", prefix).strip()[:100]
    if len(prefix) < 2:
        return []
    # Ideas, projects and pages in the reader's language, said so that the
    # title prefix index can answer alone (no condition it cannot read).
    entries = SearchEntry.objects.exclude(type__in=["post", "organisation"]).filter(
        ~Q(type="page") | Q(language=language)
    )
    starts = _best_supported(entries.filter(title__istartswith=prefix), limit)
    if len(starts) >= limit:
        return starts
    more = entries.filter(title__icontains=prefix).exclude(
        pk__in=[e.pk for e in starts]
    )
    return starts + _best_supported(more, limit - len(starts))


def _best_supported(entries: QuerySet, limit: int) -> list[SearchEntry]:
    """Most supported first: chosen by id (from the title prefix index alone,
    migration 0004, for titles that start with the prefix), then only those
    rows read."""
    ids = list(
        entries.order_by("-support_count", "title").values_list("pk", flat=True)[:limit]
    )
    found = SearchEntry.objects.in_bulk(ids)
    return [found[pk] for pk in ids]
