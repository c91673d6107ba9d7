"""Against a real Elasticsearch at ELASTICSEARCH_URL: index, search, facet,
rebuild with an alias swap, reconcile, and updates after commit. Skipped without
a server (CI has none); REQUIRE_ELASTICSEARCH=1 makes them mandatory."""

import os
import uuid
from io import StringIO

import pytest
from django.core.management import call_command

from ideas.moderation import idea_hide
from search import elastic
from search.selectors import search, similar_ideas, suggestions
from tests.ideas.factories import IdeaFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def es(settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX = f"idestad-test-{uuid.uuid4().hex[:8]}"
    yield elastic.client()
    elastic.client().indices.delete(index=f"{settings.ELASTICSEARCH_INDEX}-*")


def refresh() -> None:
    elastic.client().indices.refresh(index=elastic.alias_name())


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rebuild_then_search_with_stemming_facets_and_highlights(es, goals):
    IdeaFactory(title="Smart parkering vid Odenplan", goals=[goals[0]], support_count=5)
    IdeaFactory(title="Parkeringsappen", goals=[goals[1]])
    IdeaFactory(title="Gröna tak")
    run("search_rebuild")
    results = search(query="parkeringar")
    assert results.backend == "elasticsearch"
    assert results.hits[0].title_html == "Smart <mark>parkering</mark> vid Odenplan"
    assert {v.value: v.count for v in results.facets["goal"]}[str(goals[0].pk)] == 1
    narrowed = search(query="parkeringar", filters={"goal": [str(goals[0].pk)]})
    assert narrowed.total == 1
    assert {v.value for v in narrowed.facets["goal"]} >= {str(goals[0].pk)}


def test_a_rebuild_swaps_the_alias_to_a_new_index_and_drops_the_old(es):
    IdeaFactory(title="Laddplatser")
    run("search_rebuild")
    [first] = es.indices.get_alias(name=elastic.alias_name()).keys()
    run("search_rebuild")
    [second] = es.indices.get_alias(name=elastic.alias_name()).keys()
    assert first != second
    assert not es.indices.exists(index=first)
    assert search(query="laddplatser").total == 1


def test_changes_reach_the_index_after_commit_and_hidden_ideas_leave_it(
    es, indexed, moderator
):
    run("search_rebuild")
    with indexed():
        idea = IdeaFactory(title="Vattenmätare i varje hus")
    refresh()
    assert search(query="vattenmätare").total == 1
    with indexed():
        idea_hide(actor=moderator, idea=idea, reason="Spam")
    refresh()
    assert search(query="vattenmätare").total == 0


def test_reconcile_restores_a_document_lost_from_the_index(es):
    idea = IdeaFactory(title="Cykelräknare")
    run("search_rebuild")
    es.delete(index=elastic.alias_name(), id=f"idea-{idea.pk}", refresh=True)
    report = run("search_reconcile")
    assert "elasticsearch idea: 1 missing, 0 out of date, 0 no longer public" in report
    refresh()
    assert search(query="cykelräknare").total == 1


def test_similar_ideas_and_suggestions_come_from_elasticsearch(es):
    original = IdeaFactory(
        title="Räkna cyklarna vid broarna", summary="Öppna data om cyklar."
    )
    IdeaFactory(title="Gröna tak på skolor", summary="Mer grönska.")
    run("search_rebuild")
    assert similar_ideas(title="Räkna cyklar vid broarna", summary="cyklar") == [
        original
    ]
    assert suggestions("Räkna cyk")[0]["title"] == "Räkna cyklarna vid broarna"
