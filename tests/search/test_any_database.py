"""Search answers on whichever database the run has: PostgreSQL in CI, and the
SQLite fallback of the local demo when run without DATABASE_URL."""

import pytest

from search.selectors import search, similar_ideas, suggestions
from tests.ideas.factories import IdeaFactory

pytestmark = [pytest.mark.django_db]


def test_search_facets_sorts_suggestions_and_similar_ideas(indexed, goals):
    with indexed():
        parking = IdeaFactory(title="Smart parkering vid Odenplan", goals=[goals[0]])
        IdeaFactory(title="Gröna tak", goals=[goals[1]])
    assert [hit.object_id for hit in search(query="parkering").hits] == [parking.pk]
    browsed = search(filters={"goal": [str(goals[1].pk)], "type": ["idea"]})
    assert [hit.title_html for hit in browsed.hits] == ["Gröna tak"]
    assert {v.value for v in browsed.facets["goal"]} == {
        str(goals[0].pk),
        str(goals[1].pk),
    }
    assert search(query="parkering", sort="support").hits[0].object_id == parking.pk
    assert "Smart parkering vid Odenplan" in [s["title"] for s in suggestions("Smart")]
    assert similar_ideas(title="Smart parkering vid Odenplan") == [parking]
