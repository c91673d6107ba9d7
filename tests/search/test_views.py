"""The search page, suggestions, similar ideas and the review step, over HTTP.

These run on whichever database the run has: PostgreSQL in CI, and the SQLite
of `make test` with nothing configured (a plain substring match there). Only
what needs PostgreSQL's stemming is marked so."""

import pytest
from django.urls import reverse

from ideas.models import Idea
from tests.ideas.factories import IdeaFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def site(home):
    return home


def test_the_search_page_shows_hits_facets_and_a_result_count(
    client, site, indexed, goals
):
    with indexed():
        IdeaFactory(title="Smart parkering vid Odenplan", goals=[goals[0]])
        IdeaFactory(title="Gröna tak", goals=[goals[1]])
    response = client.get("/sv/search/", {"q": "PARKERING"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 träff för ”PARKERING”" in html
    assert "Smart <mark>parkering</mark> vid Odenplan" in html
    assert f'name="goal" value="{goals[0].pk}"' in html
    assert "Gröna tak" not in html


def test_a_search_for_letters_beyond_ascii_ignores_their_case(client, site, indexed):
    with indexed():
        IdeaFactory(title="Laddplatser på Östermalm", summary="Fler laddplatser.")
    html = client.get("/sv/search/", {"q": "östermalm"}).content.decode()
    assert "Laddplatser på <mark>Östermalm</mark>" in html


def test_search_hits_show_text_not_markdown(client, site, indexed):
    with indexed():
        IdeaFactory(
            title="Solceller på skolorna",
            summary="Tak som ger el.",
            body="Vi vill sätta **solceller** på skolorna.\n\n- Laddstolpar\n- Tak",
        )
    html = client.get("/sv/search/", {"q": "solceller"}).content.decode()
    assert "**" not in html
    assert "- Laddstolpar" not in html
    assert "Laddstolpar" in html


@pytest.mark.postgres
def test_the_search_page_finds_other_forms_of_a_word(client, site, indexed, goals):
    with indexed():
        IdeaFactory(title="Smart parkering vid Odenplan", goals=[goals[0]])
    response = client.get("/sv/search/", {"q": "parkeringar"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 träff för ”parkeringar”" in html
    assert "Smart <mark>parkering</mark> vid Odenplan" in html
    assert f'name="goal" value="{goals[0].pk}"' in html


def test_facets_are_plain_get_parameters(client, site, indexed, goals):
    with indexed():
        IdeaFactory(title="Sensorer i parken", goals=[goals[0]])
        IdeaFactory(title="Sensorer på bussen", goals=[goals[1]])
    response = client.get("/sv/search/", {"q": "sensorer", "goal": goals[1].pk})
    html = response.content.decode()
    assert "på bussen" in html
    assert "i parken" not in html
    # The chosen filter can be removed with one link.
    assert 'href="?q=sensorer"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x" * 10_000},
        {"q": "title:("},
        {"q": "*"},
        {"q": '"'},
        {"q": "\\"},
        {"q": "sensorer", "goal": "abc", "type": "nonsense", "district": "99999999999"},
        {"q": "sensorer", "page": "999999"},
        {"q": "sensorer", "page": "-3"},
        {"q": "sensorer", "page": "ett"},
        {"sort": "drop table"},
    ],
)
def test_bad_input_gets_a_normal_page(client, site, indexed, params):
    with indexed():
        IdeaFactory(title="Sensorer i parken")
    response = client.get("/sv/search/", params)
    assert response.status_code == 200
    assert "<h1>Sök</h1>" in response.content.decode()


def test_no_results_gives_help(client, site, indexed):
    response = client.get("/sv/search/", {"q": "zebrafink"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Inget matchade ”zebrafink”" in html
    assert reverse("ideas:create") in html


def test_the_search_page_needs_the_same_queries_for_few_and_many_hits(
    client, site, indexed, goals, django_assert_max_num_queries
):
    with indexed():
        IdeaFactory(title="Laddplats 0", goals=goals)
    client.get("/sv/search/", {"q": "laddplats"})  # warm the label caches
    with django_assert_max_num_queries(12) as few:
        client.get("/sv/search/", {"q": "laddplats"})
    with indexed():
        for n in range(1, 30):
            IdeaFactory(title=f"Laddplats {n}", goals=goals)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/sv/search/", {"q": "laddplats"})


def test_suggestions_are_titles_that_start_with_what_was_typed(client, site, indexed):
    with indexed():
        IdeaFactory(title="Cykelräknare vid broarna")
        IdeaFactory(title="Gröna tak")
    response = client.get("/sv/search/suggest/", {"q": "cykel"})
    assert [s["title"] for s in response.json()["suggestions"]] == [
        "Cykelräknare vid broarna"
    ]
    assert client.get("/sv/search/suggest/", {"q": "c"}).json() == {"suggestions": []}


def test_similar_ideas_are_listed_with_status_and_support(client, site, indexed):
    with indexed():
        IdeaFactory(title="Räkna cyklarna vid broarna", support_count=12)
        IdeaFactory(title="Gröna tak på skolor")
    response = client.get(
        "/sv/search/similar-ideas/", {"title": "Räkna cyklar vid broar", "summary": ""}
    )
    html = response.content.decode()
    assert "Räkna cyklarna vid broarna" in html
    assert "12 stöd" in html
    assert "Gröna tak" not in html
    empty = client.get("/sv/search/similar-ideas/", {"title": "Gröna tak på förskolor"})
    assert "Räkna" not in empty.content.decode()


def idea_form(goal, title: str) -> dict:
    return {
        "title": title,
        "summary": "Vi vill räkna cyklar vid broarna.",
        "body": "Sensorer i cykelbanan.",
        "kind": "idea",
        "goals": [goal.pk],
        "publish": "",
    }


def test_publishing_an_idea_like_others_stops_at_a_review_step(
    client, site, indexed, goals, resident
):
    with indexed():
        original = IdeaFactory(title="Räkna cyklarna vid broarna", goals=[goals[0]])
    client.force_login(resident)
    response = client.post(
        "/sv/ideas/new/", idea_form(goals[0], "Räkna cyklar vid broar")
    )
    draft = Idea.objects.get(title="Räkna cyklar vid broar")
    assert draft.published_at is None
    assert response.url == reverse("search:idea_review", args=[draft.pk])

    review = client.get(response.url).content.decode()
    assert original.title in review
    assert "Det här är nytt, publicera ändå" in review

    client.post(response.url)
    draft.refresh_from_db()
    assert draft.published_at is not None


def test_the_form_that_showed_similar_ideas_publishes_straight_away(
    client, site, indexed, goals, resident
):
    with indexed():
        IdeaFactory(title="Räkna cyklarna vid broarna", goals=[goals[0]])
    client.force_login(resident)
    form = idea_form(goals[0], "Räkna cyklar vid broar") | {"similar_seen": "1"}
    client.post("/sv/ideas/new/", form)
    assert Idea.objects.get(title="Räkna cyklar vid broar").published_at is not None


def test_only_the_author_sees_the_review_step(client, site, indexed, goals, resident):
    draft = IdeaFactory(title="Utkast", published_at=None, author=resident)
    other = IdeaFactory().author
    client.force_login(other)
    assert client.get(reverse("search:idea_review", args=[draft.pk])).status_code == 403
    assert (
        client.post(reverse("search:idea_review", args=[draft.pk])).status_code == 403
    )
    draft.refresh_from_db()
    assert draft.published_at is None


def test_publishing_a_draft_from_the_edit_page_also_reviews_similar_ideas(
    client, site, indexed, goals, resident
):
    with indexed():
        IdeaFactory(title="Räkna cyklarna vid broarna", goals=[goals[0]])
    draft = IdeaFactory(title="Utkast", published_at=None, author=resident)
    client.force_login(resident)
    form = idea_form(goals[0], "Räkna cyklar vid broar")
    response = client.post(reverse("ideas:edit", args=[draft.pk]), form)
    assert response.url == reverse("search:idea_review", args=[draft.pk])
    draft.refresh_from_db()
    assert (draft.title, draft.published_at) == ("Räkna cyklar vid broar", None)


def test_a_broad_search_says_more_than_and_what_the_counts_cover(
    client, site, indexed, settings
):
    settings.SEARCH_COUNT_LIMIT = 2
    with indexed():
        IdeaFactory.create_batch(3, title="Gatlampa")
    html = client.get("/sv/search/", {"q": "gatlampa"}).content.decode()
    assert "Mer än 2 träffar för ”gatlampa”" in html
    assert "Siffror och ordning gäller de 2 nyaste träffarna." in html
