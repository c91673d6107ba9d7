"""A support or a comment moves only an entry's counters: they are copied from
the idea after commit in one statement, and the rest of the entry is not
rebuilt. Runs on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services as forum_services
from ideas import supports
from ideas.models import Idea
from search.models import SearchEntry
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def entry(idea: Idea) -> SearchEntry:
    return SearchEntry.objects.get(type="idea", object_id=idea.pk)


def test_a_support_and_its_withdrawal_move_the_entrys_count(indexed, goals):
    with indexed():
        idea = IdeaFactory(goals=goals)
    people = VerifiedUserFactory.create_batch(2)
    with indexed():
        for person in people:
            supports.support_add(actor=person, idea=Idea.objects.get(pk=idea.pk))
    assert entry(idea).support_count == 2
    with indexed():
        supports.support_withdraw(actor=people[0], idea=Idea.objects.get(pk=idea.pk))
    assert entry(idea).support_count == 1


def test_a_comment_moves_the_ideas_comment_count(indexed, goals):
    with indexed():
        idea = IdeaFactory(goals=goals)
    with indexed():
        forum_services.post_create(
            actor=VerifiedUserFactory(), target=idea, body="Bra tanke, gör det!"
        )
    assert entry(idea).comment_count == 1


def test_counters_are_copied_without_rebuilding_the_entry(indexed, goals):
    """Only the counters are written: text changed behind the signals' back
    stays as it was indexed, and the copy is a single statement (on
    PostgreSQL, the support's own: ideas.supports.copy_support_count)."""
    with indexed():
        idea = IdeaFactory(goals=goals, title="Gammal rubrik")
    Idea.objects.filter(pk=idea.pk).update(title="Ny rubrik")
    with CaptureQueriesContext(connection) as captured, indexed():
        supports.support_add(
            actor=VerifiedUserFactory(), idea=Idea.objects.get(pk=idea.pk)
        )
    written = [q["sql"] for q in captured if "search_searchentry" in q["sql"]]
    assert len(written) == 1, written
    if connection.vendor == "postgresql":
        assert "INSERT INTO ideas_support" in written[0]
    assert (entry(idea).title, entry(idea).support_count) == ("Gammal rubrik", 1)


def test_a_change_to_the_idea_in_the_same_transaction_rebuilds_it_whole(indexed, goals):
    with indexed():
        idea = IdeaFactory(goals=goals, title="Gammal rubrik")
    with indexed():
        supports.support_add(
            actor=VerifiedUserFactory(), idea=Idea.objects.get(pk=idea.pk)
        )
        idea.refresh_from_db()
        idea.title = "Ny rubrik"
        idea.save()
    assert (entry(idea).title, entry(idea).support_count) == ("Ny rubrik", 1)
