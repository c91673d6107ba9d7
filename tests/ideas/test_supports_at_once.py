"""On PostgreSQL a person's own support is one statement that commits as it
ends (ideas/supports.py): the count, the support row, the follow and the live
event together, or none of them. These run outside a test transaction, as a
request does."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas import supports
from ideas.models import Idea, IdeaStatus, Support
from live import events
from live.events import register_event_listener
from live.models import StreamEvent
from notifications.models import Follow
from search.indexing import index_now
from search.models import EntryType, IndexBacklog, SearchEntry
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITES = ("WITH", "INSERT", "UPDATE", "DELETE")


def _writes(queries: list[dict]) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_a_support_is_one_statement_with_its_follow_and_event(goals):
    idea = IdeaFactory(goals=goals)
    person = VerifiedUserFactory()
    heard: list[StreamEvent] = []
    register_event_listener(heard.append)
    try:
        with CaptureQueriesContext(connection) as captured:
            assert supports.support_add(actor=person, idea=idea) is True
    finally:
        events._listeners.remove(heard.append)
    writes = _writes(captured.captured_queries)
    (support_statement,) = [sql for sql in writes if "ideas_support" in sql]
    assert writes.index(support_statement) == 0
    for model in (Idea, Follow, StreamEvent, SearchEntry):
        assert model._meta.db_table in support_statement
    # Search's copy of the count is in it too: nothing is written after it.
    assert writes == [support_statement]
    assert not any("BEGIN" in q["sql"] for q in captured.captured_queries)
    assert idea.support_count == 1
    assert Idea.objects.get(pk=idea.pk).support_count == 1
    assert Follow.objects.filter(user=person, object_id=idea.pk).exists()
    event = StreamEvent.objects.get(
        stream=f"idea.{idea.pk}", event="idea.support_count"
    )
    assert event.data == {"support_count": 1}
    # The listeners were told of the very row the statement logged.
    assert [(e.pk, e.seq, e.data) for e in heard if e.stream == event.stream] == [
        (event.pk, event.seq, {"support_count": 1})
    ]


def test_a_withdrawal_is_one_statement_and_moves_the_count_back(goals):
    idea = IdeaFactory(goals=goals)
    person = VerifiedUserFactory()
    supports.support_add(actor=person, idea=idea)
    with CaptureQueriesContext(connection) as captured:
        assert supports.support_withdraw(actor=person, idea=idea) is True
    writes = _writes(captured.captured_queries)
    (statement,) = [sql for sql in writes if "ideas_support" in sql]
    assert "DELETE FROM ideas_support" in statement
    # Search's copy of the count is in it too: nothing is written after it.
    assert writes == [statement]
    assert SearchEntry._meta.db_table in statement
    assert not Support.objects.filter(idea=idea).exists()
    stored = Idea.objects.get(pk=idea.pk)
    assert stored.support_count == 0
    assert stored.support_role_counts.get(person.role) == 0
    seqs = StreamEvent.objects.filter(stream=f"idea.{idea.pk}").values_list(
        "data", flat=True
    )
    assert list(seqs.order_by("seq"))[-1] == {"support_count": 0}
    # Withdrawing again finds nothing, moves nothing.
    assert supports.support_withdraw(actor=person, idea=idea) is False
    assert Idea.objects.get(pk=idea.pk).support_count == 0


def test_a_withdrawal_after_the_decision_is_refused_and_keeps_the_support(goals):
    """The idea is decided after the request read it: the statement finds it
    closed, deletes nothing and moves nothing; the reason is given."""
    idea = IdeaFactory(goals=goals)
    person = VerifiedUserFactory()
    supports.support_add(actor=person, idea=idea)
    events = StreamEvent.objects.filter(stream=f"idea.{idea.pk}").count()
    Idea.objects.filter(pk=idea.pk).update(status=IdeaStatus.ACCEPTED)
    with pytest.raises(ValidationError) as refused:
        supports.support_withdraw(actor=person, idea=idea)
    assert refused.value.code == "closed"
    assert Support.objects.filter(idea=idea, user=person).exists()
    assert Idea.objects.get(pk=idea.pk).support_count == 1
    assert StreamEvent.objects.filter(stream=f"idea.{idea.pk}").count() == events


def test_a_support_after_the_decision_writes_nothing(goals):
    idea = IdeaFactory(goals=goals)
    person = VerifiedUserFactory()
    Idea.objects.filter(pk=idea.pk).update(status=IdeaStatus.ACCEPTED)
    with pytest.raises(ValidationError):
        supports.support_add(actor=person, idea=idea)
    assert not Support.objects.filter(idea=idea).exists()
    assert not Follow.objects.filter(user=person, object_id=idea.pk).exists()
    assert not StreamEvent.objects.filter(stream=f"idea.{idea.pk}").exists()
    assert Idea.objects.get(pk=idea.pk).support_count == 0


def test_with_elasticsearch_the_count_reaches_search_after_commit(goals, settings):
    """Elasticsearch is sent the idea from the backlog, which is filled after
    commit: there the count is not copied in the support's statement."""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"  # refused at once
    settings.ELASTICSEARCH_TIMEOUT = 1
    idea = IdeaFactory(goals=goals)
    index_now(EntryType.IDEA, [idea.pk])
    IndexBacklog.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        supports.support_add(actor=VerifiedUserFactory(), idea=idea)
    writes = _writes(captured.captured_queries)
    (statement,) = [sql for sql in writes if "ideas_support" in sql]
    assert SearchEntry._meta.db_table not in statement
    entry = SearchEntry.objects.get(type=EntryType.IDEA, object_id=idea.pk)
    assert entry.support_count == 1
    # Not sent (nothing listens), so kept to be sent again.
    assert IndexBacklog.objects.filter(type=EntryType.IDEA, object_id=idea.pk).exists()


def test_the_search_entry_counts_a_support_made_outside_a_transaction(goals):
    """Marking an item stale outside a transaction refreshes it at once: the
    mark used to be made after the callback had already run, and was lost."""
    idea = IdeaFactory(goals=goals)
    index_now(EntryType.IDEA, [idea.pk])
    people = VerifiedUserFactory.create_batch(2)
    for person in people:
        supports.support_add(actor=person, idea=idea)
    entry = SearchEntry.objects.get(type=EntryType.IDEA, object_id=idea.pk)
    assert entry.support_count == 2
    supports.support_withdraw(actor=people[0], idea=idea)
    entry.refresh_from_db()
    assert entry.support_count == 1
