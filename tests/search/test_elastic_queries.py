"""The Elasticsearch mapping and query bodies, as elasticsearch-dsl builds them
(real objects, ``to_dict()``); no server needed."""

from datetime import UTC, datetime

from search import elastic
from search.documents import Entry
from search.query import MARK_END, MARK_START, SearchRequest


def request(**kwargs) -> SearchRequest:
    return SearchRequest.build(**kwargs)


def test_the_mapping_analyses_text_as_swedish_and_english_with_search_as_you_type():
    mapping = elastic.index_template("idestad-test").to_dict()["mappings"]["properties"]
    assert mapping["title"] == {
        "type": "text",
        "analyzer": "standard",
        "fields": {
            "sv": {"type": "text", "analyzer": "swedish"},
            "en": {"type": "text", "analyzer": "english"},
        },
    }
    assert mapping["body"]["fields"]["sv"]["analyzer"] == "swedish"
    assert mapping["title_suggest"] == {
        "type": "search_as_you_type",
        "max_shingle_size": 3,
    }
    for facet in (
        "type",
        "status",
        "kind",
        "organisation_kind",
        "author_role",
        "language",
    ):
        assert mapping[facet] == {"type": "keyword"}
    for number in ("goals", "district", "challenge", "support_count", "comment_count"):
        assert mapping[number] == {"type": "integer"}
    assert mapping["published_at"] == {"type": "date"}
    assert mapping["url"] == {"type": "keyword", "index": False}


def test_an_entry_becomes_a_document_with_its_id_and_facets():
    entry = Entry(
        type="idea", object_id=7, title="Parkering", body="Text", url="/sv/ideas/7-p/",
        status="submitted", kind="idea", district_id=3, goal_ids=[1, 2],
        published_at=datetime(2026, 5, 1, tzinfo=UTC), support_count=4,
    )  # fmt: skip
    document = elastic.document_for(entry).to_dict(include_meta=True)
    assert document["_id"] == "idea-7"
    source = document["_source"]
    assert source["goals"] == [1, 2]
    assert source["district"] == 3
    assert source["title_suggest"] == "Parkering"
    assert source["fingerprint"] == entry.fingerprint
    assert "organisation_kind" not in source  # empty facets are left out


def test_a_query_boosts_titles_support_and_recent_items():
    body = elastic.build_search(request(query="parkeringar"), page=1).to_dict()
    scored = body["query"]["bool"]["must"][0]["function_score"]
    match = scored["query"]["multi_match"]
    assert match["query"] == "parkeringar"
    assert match["fields"][:3] == ["title^3", "title.sv^3", "title.en^3"]
    assert scored["boost_mode"] == "multiply"
    kinds = [next(k for k in f if k != "weight") for f in scored["functions"]]
    assert kinds == ["field_value_factor", "gauss"]
    assert body["highlight"]["pre_tags"] == [MARK_START]
    assert body["highlight"]["post_tags"] == [MARK_END]
    assert body["track_total_hits"] is True
    assert (body["from"], body["size"]) == (0, 20)


def test_query_syntax_characters_are_passed_as_text_never_parsed():
    for text in ("title:(", '"cykel', "a AND (b", "c\\", "*x"):
        body = elastic.build_search(request(query=text), page=1).to_dict()
        scored = body["query"]["bool"]["must"][0]["function_score"]
        assert scored["query"]["multi_match"]["query"] == text
    assert "query_string" not in str(body)


def test_each_facet_counts_with_every_filter_but_its_own():
    chosen = request(query="sensorer", filters={"goal": ["5"], "type": ["idea"]})
    body = elastic.build_search(chosen, page=2).to_dict()
    assert body["post_filter"] == {
        "bool": {"filter": [{"terms": {"type": ["idea"]}}, {"terms": {"goals": ["5"]}}]}
    }
    assert body["aggs"]["goal"]["filter"] == {
        "bool": {"filter": [{"terms": {"type": ["idea"]}}]}
    }
    assert body["aggs"]["goal"]["aggs"]["counts"]["terms"]["field"] == "goals"
    assert body["aggs"]["type"]["filter"] == {
        "bool": {"filter": [{"terms": {"goals": ["5"]}}]}
    }
    assert body["aggs"]["status"]["filter"]["bool"]["filter"] == [
        {"terms": {"type": ["idea"]}},
        {"terms": {"goals": ["5"]}},
    ]
    assert body["from"] == 20


def test_browsing_without_a_query_lists_newest_first():
    body = elastic.build_search(request(filters={"type": ["idea"]}), page=1).to_dict()
    assert "must" not in body["query"]["bool"]  # only the page-language filter
    assert body["sort"] == [{"published_at": {"order": "desc", "missing": "_last"}}]


def test_similar_ideas_use_more_like_this_over_ideas_only():
    body = elastic.similar_ideas_search(
        "Räkna cyklar", "vid broarna", exclude=9, limit=5
    ).to_dict()
    like = body["query"]["bool"]["must"][0]["more_like_this"]
    assert like["like"] == "Räkna cyklar\nvid broarna"
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"type": "idea"}} in filters
    assert {"bool": {"must_not": [{"term": {"object_id": 9}}]}} in filters
    assert body["size"] == 5


def test_suggestions_use_the_search_as_you_type_field():
    body = elastic.suggestion_search("cyk", limit=6).to_dict()
    match = body["query"]["bool"]["must"][0]["multi_match"]
    assert match["type"] == "bool_prefix"
    assert match["fields"] == [
        "title_suggest",
        "title_suggest._2gram",
        "title_suggest._3gram",
    ]


def test_a_server_response_becomes_escaped_highlighted_hits_and_facet_counts():
    """A response body as Elasticsearch 8 sends it, read by elasticsearch-dsl."""
    from elasticsearch.dsl.response import Response

    chosen = request(query="parkering", filters={"goal": ["5"]})
    body = {
        "took": 1,
        "timed_out": False,
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "max_score": 1.0,
            "hits": [
                {
                    "_index": "idestad-content-1",
                    "_id": "idea-1",
                    "_score": 1.0,
                    "_source": {
                        "type": "idea",
                        "object_id": 1,
                        "title": "Smart <parkering>",
                        "body": "text",
                        "url": "/sv/ideas/1-smart/",
                        "status": "submitted",
                        "published_at": "2026-05-01T10:00:00+00:00",
                        "support_count": 3,
                    },  # fmt: skip
                    "highlight": {
                        "title.sv": [f"Smart <{MARK_START}parkering{MARK_END}>"],
                        "body.sv": [f"om {MARK_START}parkering{MARK_END} i stan"],
                    },
                }
            ],
        },
        "aggregations": {
            name: {"doc_count": 1, "counts": {"buckets": [{"key": 5, "doc_count": 1}]}}
            for name in ("type", "goal", "district", "status", "challenge", "kind")
        }
        | {"organisation_kind": {"doc_count": 0, "counts": {"buckets": []}}},
    }
    search = elastic.build_search(chosen, page=1)
    results = elastic.results_from(Response(search, body), chosen, page=1)
    [hit] = results.hits
    assert str(hit.title_html) == "Smart &lt;<mark>parkering</mark>&gt;"
    assert str(hit.snippet_html) == "om <mark>parkering</mark> i stan"
    assert (hit.published_at.year, hit.support_count) == (2026, 3)
    assert results.total == 1
    assert [(v.value, v.count, v.selected) for v in results.facets["goal"]] == [
        ("5", 1, True)
    ]
    assert results.facets["organisation_kind"] == []


def test_pages_in_other_languages_are_left_out():
    """Not (a page and not English) = not a page, or English."""
    body = elastic.build_search(request(query="mål", language="en"), page=1).to_dict()
    assert body["query"]["bool"]["filter"] == [
        {
            "bool": {
                "should": [
                    {"bool": {"must_not": [{"term": {"type": "page"}}]}},
                    {"term": {"language": "en"}},
                ]
            }
        }
    ]
