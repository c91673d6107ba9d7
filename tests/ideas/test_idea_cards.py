"""Idea cards are rendered once for every reader and shared through the cache
(common/fragments.py), keyed by what they show: a change to anything a card
shows is seen by the very next reader."""

import pytest
from django.urls import reverse
from django.utils import translation

from common.fragments import render_many
from ideas import supports
from ideas.models import Idea, IdeaStatus
from ideas.templatetags.idea_tags import CARD, CARD_INCLUDES, _card_shows
from tests.accounts.factories import OrganisationFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def idea_list(client, language: str = "sv") -> str:
    with translation.override(language):
        url = reverse("ideas:list")
    return client.get(url).content.decode()


def test_the_next_reader_sees_a_new_support_and_a_new_status(client, goals):
    idea = IdeaFactory(goals=goals, title="Sensorer vid Slussen")
    assert "0 stödjer" in idea_list(client)
    supports.support_add(actor=VerifiedUserFactory(), idea=idea)
    assert "1 stödjer" in idea_list(client)
    Idea.objects.filter(pk=idea.pk).update(status=IdeaStatus.ACCEPTED)
    assert "Antagen" in idea_list(client)


def test_a_renamed_author_or_organisation_shows_at_once(client, goals):
    organisation = OrganisationFactory(name="Kista Science City")
    idea = IdeaFactory(goals=goals, organisation=organisation)
    page = idea_list(client)
    assert "Kista Science City" in page and idea.author.display_name in page
    idea.author.display_name = "Ny Visningsnamn"
    idea.author.save()
    organisation.name = "Kista Innovation"
    organisation.save()
    page = idea_list(client)
    assert "Ny Visningsnamn" in page and "Kista Innovation" in page


def test_each_language_has_its_own_cards(client, goals):
    IdeaFactory(goals=goals)
    assert "0 stödjer" in idea_list(client, "sv")
    assert "0 supporters" in idea_list(client, "en")


def test_a_card_is_rendered_once_until_what_it_shows_changes(goals):
    ideas = list(
        Idea.objects.filter(
            pk__in=[i.pk for i in IdeaFactory.create_batch(3, goals=goals)]
        ).select_related("author", "organisation", "district")
    )
    rendered = []

    def cards() -> list[str]:
        return render_many(
            CARD,
            ideas,
            shown=lambda idea: _card_shows(idea, "h3"),
            context=lambda idea: rendered.append(idea.pk) or {"idea": idea},
            includes=CARD_INCLUDES,
        )

    with translation.override("sv"):
        first = cards()
        assert len(rendered) == 3
        assert cards() == first
        assert len(rendered) == 3  # all three from the cache
        ideas[1].support_count = 5
        again = cards()
    assert rendered[3:] == [ideas[1].pk]
    assert "5 stödjer" in again[1] and again[0] == first[0]
