"""Atom feeds: what the public site shows, linked from the pages they mirror,
and nothing else (no drafts, hidden ideas, e-mail addresses or unpublished
news), in a number of queries that does not grow with the rows."""

from datetime import date
from decimal import Decimal

import pytest
from defusedxml.ElementTree import fromstring
from django.urls import reverse
from django.utils import timezone, translation

from cms.models import District
from ideas import projects, workflow
from ideas.models import IdeaStatus
from tests.cms.factories import NewsIndexPageFactory, NewsPageFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.ideas.test_projects import LEAKS, project_data

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def read(client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "author": entry.findtext(f"{ATOM}author/{ATOM}name") or "",
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_new_ideas_all_and_per_goal_district_and_challenge(
    client, goals, make_challenge
):
    district = District.objects.create(name="Skärholmen", slug="skarholmen")
    challenge = make_challenge()
    author = VerifiedUserFactory(display_name="Ebba Idé", email="ebba@example.org")
    first = IdeaFactory(goals=[goals[0]], author=author, district=district)
    second = IdeaFactory(goals=[goals[1]], challenge=challenge)
    IdeaFactory(goals=goals, published_at=None, title="Hemligt utkast")
    IdeaFactory(goals=goals, hidden_at=timezone.now(), title="Dold idé")

    everything = read(client, sv("opendata:ideas_feed"))
    assert [e["title"] for e in everything] == [second.title, first.title]
    entry = everything[1]
    assert entry["link"] == "http://testserver" + first.get_absolute_url()
    assert entry["id"] == entry["link"]
    assert entry["author"] == "Ebba Idé" and entry["summary"] == first.summary
    page = client.get(sv("opendata:ideas_feed")).content.decode()
    assert "ebba@example.org" not in page and "Hemligt" not in page

    per_goal = read(client, sv("opendata:goal_feed", goals[0].pk))
    assert [e["title"] for e in per_goal] == [first.title]
    per_district = read(client, sv("opendata:district_feed", "skarholmen"))
    assert [e["title"] for e in per_district] == [first.title]
    per_challenge = read(client, sv("opendata:challenge_feed", challenge.pk))
    assert [e["title"] for e in per_challenge] == [second.title]
    for missing in (999999, 10**30):  # none such, and beyond any id column
        assert client.get(sv("opendata:goal_feed", missing)).status_code == 404
        assert client.get(sv("opendata:challenge_feed", missing)).status_code == 404
    assert client.get(sv("opendata:district_feed", "ingenstans")).status_code == 404


def test_decisions_carry_the_reason_and_who_decided(client, goals, moderator):
    idea = IdeaFactory(goals=goals, title="Laddstolpar")
    hidden = IdeaFactory(goals=goals, title="Dold")
    workflow.idea_status_change(
        actor=moderator, idea=idea, status=IdeaStatus.ACCEPTED, reason="Passar väl."
    )
    workflow.idea_answer(actor=moderator, idea=idea, text="Vi bygger dem.")
    workflow.idea_status_change(
        actor=moderator, idea=hidden, status=IdeaStatus.ACCEPTED, reason="Hemligt."
    )
    hidden.hidden_at = timezone.now()
    hidden.save(update_fields=["hidden_at"])
    withdrawn = IdeaFactory(goals=goals, title="Återtagen")
    workflow.idea_withdraw(actor=withdrawn.author, idea=withdrawn, reason="Ångrar.")

    entries = read(client, sv("opendata:decisions_feed"))
    by_title = {e["title"]: e for e in entries}
    assert set(by_title) == {
        "”Laddstolpar” är nu: Antagen",
        "Staden har svarat på ”Laddstolpar”",
        "”Återtagen” är nu: Tillbakadragen",
    }
    accepted = by_title["”Laddstolpar” är nu: Antagen"]
    assert accepted["summary"] == "Passar väl."
    assert accepted["link"].endswith(idea.get_absolute_url() + "#timeline")
    assert by_title["”Återtagen” är nu: Tillbakadragen"]["author"] == "författaren"
    assert "Hemligt." not in client.get(sv("opendata:decisions_feed")).content.decode()


def test_project_news(client, goals, moderator):
    idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    project = projects.project_promote(
        actor=moderator, ideas=[idea], data=project_data(), reason="Ett projekt.",
        indicators=[LEAKS], owners=[moderator],
    )  # fmt: skip
    projects.milestone_add(
        actor=moderator, project=project, title="Sensorer i 10 brunnar",
        due_on=date(2027, 3, 1), done_on=date(2027, 2, 20),
    )  # fmt: skip
    projects.indicator_value_set(
        actor=moderator, indicator=project.indicators.get(),
        measured_on=date(2027, 3, 1), value=Decimal(12),
    )  # fmt: skip
    projects.report_add(
        actor=moderator, project=project, year=2027, narrative="Det går bra."
    )
    titles = [e["title"] for e in read(client, sv("opendata:projects_feed"))]
    assert titles == [  # newest first: measured 1 March, reached 20 February
        "Läckor hittade: 12 st (Läckagesensorer i vattennätet)",
        "Delmål nått: Sensorer i 10 brunnar (Läckagesensorer i vattennätet)",
        "Uppföljningsrapport 2027: Läckagesensorer i vattennätet",
    ]


def test_news_are_the_live_pages_of_the_language(client, home):
    index = NewsIndexPageFactory(parent=home)
    shown = NewsPageFactory(parent=index, title="Nytt sensornät")
    draft = NewsPageFactory(parent=index, title="Inte klar än")
    draft.unpublish()
    entries = read(client, sv("opendata:news_feed"))
    assert [e["title"] for e in entries] == ["Nytt sensornät"]
    assert entries[0]["link"].endswith(shown.url)


def test_pages_link_to_their_feeds(client, goals):
    page = client.get(sv("ideas:list") + f"?goal={goals[0].pk}").content.decode()
    assert f'href="{sv("opendata:ideas_feed")}"' in page
    assert f'href="{sv("opendata:goal_feed", goals[0].pk)}"' in page
    assert 'type="application/atom+xml"' in page
    goal_page = client.get(goals[0].url).content.decode()
    assert f'href="{sv("opendata:goal_feed", goals[0].pk)}"' in goal_page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_idea_feed_costs_the_same_for_few_and_many(
    client, goals, rows, django_assert_max_num_queries
):
    IdeaFactory.create_batch(rows, goals=goals)
    with django_assert_max_num_queries(6):
        assert len(read(client, sv("opendata:ideas_feed"))) == rows
