import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import GoalPage
from tests.cms.factories import (
    ChallengeIndexPageFactory,
    ChallengePageFactory,
    GoalPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StrategyPageFactory,
)

pytestmark = pytest.mark.django_db


def test_the_root_address_sends_visitors_to_the_swedish_site(client, demo_site):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sv/"


def test_the_swedish_home_page_names_both_main_goals(client, demo_site):
    response = client.get("/sv/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert "Högsta livskvaliteten för stockholmarna" in html
    assert "Bästa klimatet för företagande" in html


def test_the_english_home_page_names_both_main_goals_in_english(client, demo_site):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "The highest quality of life for Stockholmers" in html
    assert "The best climate for business" in html
    assert "Skip to main content" in html


def test_the_home_page_shows_open_challenges_and_latest_news(client, demo_site):
    html = client.get("/sv/").content.decode()
    assert "Ett bättre liv för äldre" in html
    assert "Effektiv mobilitet" in html
    assert "Idéstad öppnar för idéer" in html


def test_the_language_switcher_links_to_the_same_goal_in_english(client, demo_site):
    html = client.get("/sv/strategi/hogsta-livskvaliteten/").content.decode()
    assert 'href="/en/strategy/highest-quality-of-life/"' in html
    english = client.get("/en/strategy/highest-quality-of-life/")
    assert english.status_code == 200
    assert 'href="/sv/strategi/hogsta-livskvaliteten/"' in english.content.decode()


def test_the_main_menu_is_built_from_the_page_tree_and_marks_the_current_section(
    client, demo_site
):
    html = client.get("/sv/strategi/ekologiskt-hallbar/").content.decode()
    menu = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert [t.strip() for t in re.findall(r">([^<>]+)</a>", menu)] == [
        "Strategin",
        "Principer",
        "Utmaningar",
        "Nyheter",
        "Om Idéstad",
        "Idéer",  # not pages: the ideas' and forum's own lists
        "Projekt",
        "Forum",
    ]
    assert 'href="/sv/strategi/" aria-current="true"' in menu


def test_the_footer_links_to_the_standard_pages(client, demo_site):
    html = client.get("/en/").content.decode()
    for title in ("Accessibility statement", "Privacy policy", "Terms of use"):
        assert title in html


def test_every_demo_page_answers_in_both_languages(client, demo_site):
    pages = GoalPage.objects.none()
    from wagtail.models import Page

    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert pages.count() == 68  # 34 pages in Swedish, each translated
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.content.decode().count("<h1") == 1, page.url


def test_a_goal_page_lists_the_challenges_linked_to_it_in_each_language(
    client, demo_site
):
    swedish = client.get("/sv/strategi/socialt-hallbar/").content.decode()
    assert "Ett bättre liv för äldre" in swedish
    assert "Effektiv mobilitet" not in swedish
    english = client.get("/en/strategy/socially-sustainable/").content.decode()
    assert "A better life for the elderly" in english


def test_an_unknown_address_gets_a_helpful_404_in_the_visitors_language(
    client, demo_site
):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def build_site_rows(home, count: int) -> None:
    strategy = home.get_children().type(type(home)).first()
    strategy = StrategyPageFactory(parent=home) if strategy is None else strategy
    goals = [GoalPageFactory(parent=strategy) for _ in range(count)]
    challenges = ChallengeIndexPageFactory(parent=home)
    for index in range(count):
        ChallengePageFactory(parent=challenges, goals=goals[index : index + 2])
    news = NewsIndexPageFactory(parent=home)
    for _ in range(count):
        NewsPageFactory(parent=news)


def count_queries(client, path: str) -> int:
    client.get(path)  # Warm Wagtail's site cache, as a running server has.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path", ["/sv/", "/sv/strategi/", "/sv/utmaningar/", "/sv/nyheter/"]
)
def test_page_query_count_does_not_grow_with_rows(
    client, home, path, django_assert_max_num_queries
):
    build_site_rows(home, count=2)
    baseline = count_queries(client, path)
    strategy = home.get_children().get(slug="strategi").specific
    for _ in range(10):
        GoalPageFactory(parent=strategy)
    challenges = home.get_children().get(slug="utmaningar")
    news = home.get_children().get(slug="nyheter")
    goals = list(GoalPage.objects.all())
    for index in range(10):
        ChallengePageFactory(parent=challenges, goals=goals[index : index + 3])
        NewsPageFactory(parent=news)
    client.get(path)
    with django_assert_max_num_queries(baseline):
        assert client.get(path).status_code == 200


def test_the_home_page_invites_ideas_and_shows_ideas_and_projects(client, demo_site):
    html = client.get("/sv/").content.decode()
    assert 'href="/sv/ideas/new/">Lämna en idé</a>' in html
    assert "<h3>Nyast</h3>" in html and "<h3>Mest stöd</h3>" in html
    assert "Smarta lås i hemtjänsten" in html
    assert "Pågående projekt" in html


def test_a_goal_page_shows_how_its_projects_measure_it(client, demo_site):
    html = client.get("/sv/strategi/ekologiskt-hallbar/").content.decode()
    assert "Hur målet mäts" in html
    assert "Läckor upptäckta innan de syns" in html
    assert "248\u00a0st" in html  # the latest of the water project's values


def test_the_home_pages_cms_blocks_are_read_once_and_follow_every_publish(
    client, demo_site
):
    """Open challenges, the goal picture and the news are rendered once for
    everyone (cms/home.py) until a page is published, and kept per language."""
    from cms.models import NewsIndexPage

    client.get("/sv/")
    with CaptureQueriesContext(connection) as again:
        client.get("/sv/")
    cms_reads = [
        q["sql"]
        for q in again
        if "cms_challengephase" in q["sql"] or "cms_newspage" in q["sql"]
    ]
    assert cms_reads == []
    news = NewsIndexPage.objects.live().filter(locale__language_code="sv").first()
    NewsPageFactory(parent=news, title="Nya laddplatser i Hammarby sjöstad")
    assert "Nya laddplatser i Hammarby sjöstad" in client.get("/sv/").content.decode()
    assert "Nya laddplatser" not in client.get("/en/").content.decode()


def test_a_page_made_private_leaves_the_language_switcher(client, demo_site):
    from wagtail.models import PageViewRestriction

    swedish = "/sv/strategi/hogsta-livskvaliteten/"
    english = "/en/strategy/highest-quality-of-life/"
    assert f'href="{english}"' in client.get(swedish).content.decode()
    page = GoalPage.objects.get(url_path__endswith="/highest-quality-of-life/")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert f'href="{english}"' not in client.get(swedish).content.decode()


def test_a_goal_shows_a_challenge_linked_to_it_once_published(client, demo_site):
    from cms.models import ChallengeIndexPage

    goal = GoalPage.objects.get(url_path__endswith="/hogsta-livskvaliteten/")
    client.get(goal.url)  # its challenges are now kept
    index = ChallengeIndexPage.objects.filter(locale=goal.locale).first()
    ChallengePageFactory(parent=index, title="Tryggare skolvägar", goals=[goal])
    assert "Tryggare skolvägar" in client.get(goal.url).content.decode()


def test_a_page_is_found_in_one_query_at_any_depth_and_only_while_live(
    client, demo_site
):
    """HomePage.route finds the page by its address among the home's
    descendants instead of asking for each level."""
    goal = GoalPage.objects.get(url_path__endswith="/strategi/socialt-hallbar/")
    client.get(goal.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(goal.url).status_code == 200
    routing = [
        q["sql"] for q in queries if '"wagtailcore_page"."url_path" =' in q["sql"]
    ]
    assert len(routing) == 1
    goal.slug = "socialt-hallbar-stad"
    goal.save_revision().publish()
    assert client.get("/sv/strategi/socialt-hallbar-stad/").status_code == 200
    assert client.get("/sv/strategi/socialt-hallbar/").status_code == 404
    goal.unpublish()
    assert client.get("/sv/strategi/socialt-hallbar-stad/").status_code == 404
    assert client.get("/sv/strategi/finns-inte/").status_code == 404
    assert client.get("/sv/strategi/").status_code == 200
