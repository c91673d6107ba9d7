"""The Elasticsearch backend, with elasticsearch-dsl (``elasticsearch.dsl``).

One document type for every kind of content, so one query ranks ideas, posts,
projects, organisations and pages together and one set of aggregations counts
the facets. The index lives behind an alias: a rebuild fills a new index and
swaps the alias in one atomic ``update_aliases`` call.
"""

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Q,
    Search,
    SearchAsYouType,
    Text,
)
from elasticsearch.dsl.query import Query

from search.documents import Entry
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

logger = logging.getLogger(__name__)

# Elasticsearch will not page past this many hits (index.max_result_window).
MAX_WINDOW = 10_000
FACET_FIELDS = {
    "type": "type",
    "goal": "goals",
    "district": "district",
    "status": "status",
    "challenge": "challenge",
    "kind": "kind",
    "organisation_kind": "organisation_kind",
}
FACET_SIZE = 60


def _language_text() -> Text:
    """Text analysed three ways: plainly, as Swedish and as English."""
    return Text(
        analyzer="standard",
        fields={"sv": Text(analyzer="swedish"), "en": Text(analyzer="english")},
    )


class ContentDocument(Document):
    type = Keyword()
    object_id = Integer()
    language = Keyword()
    title = _language_text()
    title_suggest = SearchAsYouType(max_shingle_size=3)
    body = _language_text()
    url = Keyword(index=False)
    status = Keyword()
    kind = Keyword()
    organisation_kind = Keyword()
    author_role = Keyword()
    district = Integer()
    challenge = Integer()
    goals = Integer(multi=True)
    published_at = Date()
    support_count = Integer()
    comment_count = Integer()
    fingerprint = Keyword(index=False)

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def alias_name() -> str:
    return settings.ELASTICSEARCH_INDEX


def is_configured() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


_clients: dict[tuple[object, ...], Elasticsearch] = {}


def client() -> Elasticsearch:
    """A client for the configured server, made once per configuration."""
    key = (
        settings.ELASTICSEARCH_URL,
        settings.ELASTICSEARCH_API_KEY,
        settings.ELASTICSEARCH_USERNAME,
        settings.ELASTICSEARCH_CA_CERTS,
        settings.ELASTICSEARCH_TIMEOUT,
    )
    if key not in _clients:
        _clients[key] = Elasticsearch(**_client_options())
    return _clients[key]


def _client_options() -> dict[str, Any]:
    options: dict[str, Any] = {
        "hosts": [settings.ELASTICSEARCH_URL],
        "request_timeout": settings.ELASTICSEARCH_TIMEOUT,
        # One quick attempt: a reader waits for the database fallback, not retries.
        "max_retries": 0,
        "retry_on_timeout": False,
    }
    if settings.ELASTICSEARCH_API_KEY:
        options["api_key"] = settings.ELASTICSEARCH_API_KEY
    elif settings.ELASTICSEARCH_USERNAME:
        options["basic_auth"] = (
            settings.ELASTICSEARCH_USERNAME,
            settings.ELASTICSEARCH_PASSWORD,
        )
    if settings.ELASTICSEARCH_CA_CERTS:
        options["ca_certs"] = settings.ELASTICSEARCH_CA_CERTS
    return options


def doc_id(type_: str, object_id: int) -> str:
    return f"{type_}-{object_id}"


def document_for(entry: Entry) -> ContentDocument:
    return ContentDocument(
        meta={"id": doc_id(entry.type, entry.object_id), "index": alias_name()},
        type=entry.type,
        object_id=entry.object_id,
        language=entry.language,
        title=entry.title,
        title_suggest=entry.title,
        body=entry.body,
        url=entry.url,
        status=entry.status or None,
        kind=entry.kind or None,
        organisation_kind=entry.organisation_kind or None,
        author_role=entry.author_role or None,
        district=entry.district_id,
        challenge=entry.challenge_id,
        goals=list(entry.goal_ids),
        published_at=entry.published_at,
        support_count=entry.support_count,
        comment_count=entry.comment_count,
        fingerprint=entry.fingerprint,
    )


# --- Writing


def index_template(name: str) -> Index:
    index = Index(name)
    index.document(ContentDocument)
    index.settings(**ContentDocument.Index.settings)
    return index


def ensure_index() -> None:
    """Create the first index and its alias if there is none yet."""
    es = client()
    if not es.indices.exists_alias(name=alias_name()):
        name = new_index_name()
        index_template(name).create(using=es)
        es.indices.put_alias(index=name, name=alias_name())


def new_index_name() -> str:
    return f"{alias_name()}-{timezone.now():%Y%m%d%H%M%S%f}"


def actions(
    entries: Iterable[Entry], removed: Iterable[tuple[str, int]], index: str
) -> Iterator[dict[str, Any]]:
    for entry in entries:
        yield document_for(entry).to_dict(include_meta=True) | {"_index": index}
    for type_, object_id in removed:
        yield {"_op_type": "delete", "_index": index, "_id": doc_id(type_, object_id)}


def bulk_send(
    entries: Sequence[Entry],
    removed: Sequence[tuple[str, int]] = (),
    *,
    index: str | None = None,
    refresh: bool = False,
) -> None:
    """Index and delete in one bulk request; raises if anything but a delete of a
    missing document failed."""
    es = client()
    _ok, errors = helpers.bulk(
        es,
        actions(entries, removed, index or alias_name()),
        raise_on_error=False,
        refresh=refresh,
    )
    # Without stats_only, bulk answers with the list of failed actions.
    failed = errors if isinstance(errors, list) else []
    real = [e for e in failed if not _missing_delete(e)]
    if real:
        raise BulkError(real)


class BulkError(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} documents failed: {str(errors[:3])[:250]}")
        self.errors = errors


def _missing_delete(error: dict[str, Any]) -> bool:
    return error.get("delete", {}).get("status") == 404


def indexed_states(type_: str) -> dict[int, tuple[str, int, int]]:
    """object_id → (fingerprint, support count, comment count) of every
    document of a type in the index, to compare with ``Entry.state``."""
    search = (
        ContentDocument.search(using=client(), index=alias_name())
        .filter("term", type=type_)
        .source(["object_id", "fingerprint", "support_count", "comment_count"])
        .params(size=5_000)
    )
    return {
        int(hit.object_id): (
            str(hit.fingerprint),
            int(getattr(hit, "support_count", 0) or 0),
            int(getattr(hit, "comment_count", 0) or 0),
        )
        for hit in search.scan()
    }


def alias_swap(new_index: str) -> list[str]:
    """Point the alias at ``new_index`` in one atomic call; returns the old
    indexes, which the caller deletes."""
    es = client()
    old = (
        list(es.indices.get_alias(name=alias_name()).keys())
        if (es.indices.exists_alias(name=alias_name()))
        else []
    )
    steps: list[dict[str, Any]] = [
        {"remove": {"index": i, "alias": alias_name()}} for i in old
    ]
    steps.append({"add": {"index": new_index, "alias": alias_name()}})
    es.indices.update_aliases(actions=steps)
    return old


# --- Reading


def text_query(query: str) -> Query:
    """Relevance: titles count three times the text; Swedish and English stems
    and the plain words all match. multi_match never parses query syntax, so
    'title:(' or a lone quote is just text."""
    return Q(
        "multi_match",
        query=query,
        type="most_fields",
        fields=["title^3", "title.sv^3", "title.en^3", "body", "body.sv", "body.en"],
        minimum_should_match="2<75%",
    )


def scored_query(query: str) -> Query:
    """A mild boost for support (log scale) and for the last year or so."""
    return Q(
        "function_score",
        query=text_query(query),
        functions=[
            {
                "field_value_factor": {
                    "field": "support_count",
                    "modifier": "log2p",
                    "factor": 0.5,
                    "missing": 0,
                },
            },
            {"gauss": {"published_at": {"scale": "365d", "decay": 0.7}}, "weight": 1.2},
        ],
        score_mode="sum",
        boost_mode="multiply",
    )


def filter_queries(filters: dict[str, tuple[str, ...]]) -> list[Query]:
    return [
        Q("terms", **{FACET_FIELDS[name]: list(values)})
        for name, values in filters.items()
    ]


def other_language_pages(language: str) -> Query:
    """Each CMS page exists once per language: show the reader's."""
    return Q(
        "bool",
        filter=[Q("term", type="page")],
        must_not=[Q("term", language=language)],
    )


def build_search(request: SearchRequest, page: int) -> "Search[ContentDocument]":
    search = ContentDocument.search(index=alias_name()).extra(track_total_hits=True)
    search = search.exclude(other_language_pages(request.language))
    if request.query:
        search = search.query(scored_query(request.query))
    # post_filter narrows the hits but not the aggregations, and each facet's
    # aggregation applies every filter except its own.
    if request.filters:
        search = search.post_filter(Q("bool", filter=filter_queries(request.filters)))
    for name in FACETS:
        others = filter_queries(request.filters_except(name))
        search.aggs.bucket(name, "filter", Q("bool", filter=others)).bucket(
            "counts", "terms", field=FACET_FIELDS[name], size=FACET_SIZE
        )
    if request.sort == "newest" or not request.query and request.sort != "support":
        search = search.sort({"published_at": {"order": "desc", "missing": "_last"}})
    elif request.sort == "support":
        search = search.sort("-support_count", {"published_at": {"order": "desc"}})
    search = search.highlight_options(
        pre_tags=[MARK_START], post_tags=[MARK_END], encoder="default"
    )
    search = search.highlight("title", "title.sv", "title.en", number_of_fragments=0)
    search = search.highlight(
        "body", "body.sv", "body.en", fragment_size=160, number_of_fragments=2
    )
    start = (page - 1) * PER_PAGE
    return search[start : start + PER_PAGE]


def search(request: SearchRequest) -> SearchResults:
    page = min(request.page, MAX_WINDOW // PER_PAGE)
    response = build_search(request, page).using(client()).execute()
    total = response.to_dict()["hits"]["total"]["value"]
    if page > 1 and (page - 1) * PER_PAGE >= total:
        page = last_page(total, page)
        response = build_search(request, page).using(client()).execute()
    return results_from(response, request, page)


def results_from(response: Any, request: SearchRequest, page: int) -> SearchResults:
    """Hits with highlights and facet counts from an elasticsearch-dsl response."""
    hits = [_hit(hit, request) for hit in response.hits]
    facets = {
        name: [
            FacetValue(
                value=str(bucket.key),
                count=bucket.doc_count,
                selected=str(bucket.key) in request.filters.get(name, ()),
            )
            for bucket in getattr(response.aggregations, name).counts.buckets
        ]
        for name in FACETS
    }
    return SearchResults(
        request=request, hits=hits, total=response.hits.total.value, page=page,
        facets=facets, backend="elasticsearch",
    )  # fmt: skip


def _hit(hit: Any, request: SearchRequest) -> Hit:
    highlight = getattr(hit.meta, "highlight", None)
    marked = highlight.to_dict() if highlight is not None else {}
    title = _first(marked, ("title", "title.sv", "title.en")) or [hit.title]
    body = _first(marked, ("body", "body.sv", "body.en"))
    snippet = " … ".join(body) if body else plain_snippet(hit.body or "")
    return Hit(
        type=hit.type,
        object_id=hit.object_id,
        url=hit.url,
        title_html=marked_html(title[0]),
        snippet_html=marked_html(snippet),
        status=getattr(hit, "status", "") or "",
        kind=getattr(hit, "kind", "") or "",
        published_at=getattr(hit, "published_at", None),
        support_count=getattr(hit, "support_count", 0) or 0,
        comment_count=getattr(hit, "comment_count", 0) or 0,
    )


def _first(marked: dict[str, list[str]], fields: Sequence[str]) -> list[str]:
    """The highlighted fragments of the first of ``fields`` that has any."""
    for name in fields:
        if marked.get(name):
            return marked[name]
    return []


def similar_ideas_search(
    title: str, summary: str, *, exclude: int | None, limit: int
) -> "Search[ContentDocument]":
    """more_like_this over titles and text, ideas only."""
    like = Q(
        "more_like_this",
        fields=["title", "title.sv", "body", "body.sv"],
        like=f"{title}\n{summary}",
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=20,
        minimum_should_match="30%",
    )
    search = ContentDocument.search(index=alias_name()).filter("term", type="idea")
    if exclude:
        search = search.exclude("term", object_id=exclude)
    return search.query(like).source(["object_id"])[:limit]


def similar_ideas(
    title: str, summary: str, *, exclude: int | None = None, limit: int = 5
) -> list[int]:
    search = similar_ideas_search(title, summary, exclude=exclude, limit=limit)
    return [int(hit.object_id) for hit in search.using(client()).execute()]


def suggestion_search(
    prefix: str, *, language: str = "sv", limit: int = 6
) -> "Search[ContentDocument]":
    return (
        ContentDocument.search(index=alias_name())
        .filter("terms", type=["idea", "project", "page"])
        .exclude(other_language_pages(language))
        .query(
            "multi_match",
            query=prefix,
            type="bool_prefix",
            fields=["title_suggest", "title_suggest._2gram", "title_suggest._3gram"],
        )
        .source(["type", "object_id", "title", "url"])[:limit]
    )


def suggestions(
    prefix: str, *, language: str = "sv", limit: int = 6
) -> list[dict[str, Any]]:
    search = suggestion_search(prefix, language=language, limit=limit)
    response = search.using(client()).execute()
    return [{"title": hit.title, "url": hit.url, "type": hit.type} for hit in response]


def ping(timeout: float) -> bool:
    return bool(client().options(request_timeout=timeout).ping())
