"""Elasticsearch configured but not answering: readers still get results from
the database, a warning is logged, /readyz says search is degraded, and index
updates wait in the backlog instead of being lost."""

import logging

import pytest

from search import indexing
from search.models import IndexBacklog
from search.selectors import search, similar_ideas, suggestions
from tests.ideas.factories import IdeaFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def unreachable_elasticsearch(settings):
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    settings.ELASTICSEARCH_TIMEOUT = 1


def test_without_elasticsearch_nothing_is_queued(indexed):
    with indexed():
        IdeaFactory(title="Parkering")
    assert not IndexBacklog.objects.exists()


def test_search_is_served_from_the_database_and_a_warning_is_logged(
    indexed, unreachable_elasticsearch, caplog
):
    with indexed():
        IdeaFactory(title="Smart parkering vid Odenplan")
    with caplog.at_level(logging.WARNING, logger="search.selectors"):
        results = search(query="parkering")
    assert [hit.object_id for hit in results.hits]
    assert (results.backend, results.degraded) == ("database", True)
    assert "Elasticsearch failed (search), searching the database" in caplog.text
    assert suggestions("Smart")[0]["title"] == "Smart parkering vid Odenplan"
    assert similar_ideas(title="Smart parkering vid Odenplan") != []


def test_readyz_reports_search_as_degraded_but_stays_ready(
    client, unreachable_elasticsearch, settings
):
    settings.REDIS_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["components"]["search"]["status"] == "degraded"
    assert response.json()["components"]["search"]["backend"] == "database"


def test_readyz_says_the_database_serves_search_when_no_elasticsearch_is_set(
    client, settings
):
    settings.REDIS_URL = ""
    search_status = client.get("/readyz").json()["components"]["search"]
    assert search_status == {"status": "ok", "backend": "database"}


def test_a_failed_index_update_stays_queued_with_a_later_retry(
    indexed, unreachable_elasticsearch
):
    with indexed():
        idea = IdeaFactory(title="Laddplatser")
    [queued] = IndexBacklog.objects.all()
    assert (queued.type, queued.object_id, queued.attempts) == ("idea", idea.pk, 1)
    assert queued.next_attempt_at > queued.queued_at
    assert "Connection" in queued.last_error
    # Not due yet: a send now leaves it alone; once due, a failure backs off more.
    assert indexing.backlog_send() == (0, 0)
    IndexBacklog.objects.update(next_attempt_at=None)
    assert indexing.backlog_send() == (0, 1)
    queued.refresh_from_db()
    assert queued.attempts == 2
    # The database index was written all the same.
    assert search(query="laddplatser").total == 1
