"""Search in a real browser: from the header box, narrowed by a goal facet with
JavaScript off, to the idea; and, with JavaScript, suggestions in the header
and similar ideas appearing while a new idea's title is typed."""

import re

import pytest
from playwright.sync_api import expect

from search.models import SearchEntry
from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.test_ideas import PASSWORD, signed_in
from tests.ideas.factories import VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def narrowed_count() -> int:
    """Hits for "realtid" about the business-climate goal, as the database the
    run has finds them (stemming on PostgreSQL, substrings on SQLite)."""
    from cms.models import GoalPage
    from search.selectors import search

    goal = GoalPage.objects.get(
        slug="basta-klimatet-for-foretagande", locale__language_code="sv"
    )
    found = search(query="realtid", filters={"goal": [str(goal.pk)]})
    assert 0 < found.total < search(query="realtid").total
    return found.total


def test_search_narrow_by_goal_and_open_a_result_without_javascript(
    browser_page_without_js, asgi_live_server, demo_live_site
):
    # The demo content was indexed after each commit, by the signal handlers.
    assert SearchEntry.objects.filter(type="idea").count() >= 5
    page, live = browser_page_without_js, asgi_live_server
    page.goto(live.url("/sv/"))
    page.get_by_role("searchbox", name="Sök på webbplatsen").fill("realtid")
    page.get_by_role("search").get_by_role("button", name="Sök").click()

    results = page.locator(".search-hits")
    expect(page.locator("#results-heading")).to_contain_text("träffar för ”realtid”")
    expect(results).to_contain_text("Räkna cyklar i realtid vid broarna")
    expect(results).to_contain_text("Pilot: sensorer visar lediga laddplatser")
    expect(results.locator("mark").first).to_have_text(re.compile("realtid", re.I))

    page.get_by_role(
        "checkbox", name=re.compile("Bästa klimatet för företagande")
    ).check()
    page.get_by_role("button", name="Visa resultat").click()
    expect(page).to_have_url(re.compile(r"goal=\d+"))
    expect(page.locator("#results-heading")).to_contain_text(
        f"{narrowed_count()} träff"
    )
    expect(results).not_to_contain_text("Räkna cyklar")
    expect(
        page.get_by_role("checkbox", name=re.compile("Bästa klimatet"))
    ).to_be_checked()

    results.get_by_role("link", name=re.compile("lediga laddplatser")).click()
    expect(page.locator("h1")).to_have_text("Pilot: sensorer visar lediga laddplatser")


def test_header_suggestions_and_live_facets_with_javascript(
    browser_page, asgi_live_server, demo_live_site
):
    page, live = browser_page, asgi_live_server
    page.goto(live.url("/sv/"))
    box = page.get_by_role("combobox", name="Sök på webbplatsen")
    box.press_sequentially("Räkna cyk", delay=30)
    option = page.get_by_role("option", name="Räkna cyklar i realtid vid broarna")
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    assert_no_serious_axe_violations(page)
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page.locator("h1")).to_have_text("Räkna cyklar i realtid vid broarna")

    page.goto(live.url("/sv/search/?q=realtid"))
    assert_no_serious_axe_violations(page)
    goal = page.get_by_role(
        "checkbox", name=re.compile("Bästa klimatet för företagande")
    )
    goal.check()
    # Updated in place: the heading changes, the box keeps focus, the URL follows.
    expect(page.locator("#results-heading")).to_contain_text(
        f"{narrowed_count()} träff"
    )
    expect(
        page.get_by_role("checkbox", name=re.compile("Bästa klimatet"))
    ).to_be_focused()
    expect(page).to_have_url(re.compile(r"goal=\d+"))


def test_similar_ideas_appear_while_a_title_is_typed(
    chromium, asgi_live_server, demo_live_site
):
    live = asgi_live_server
    author = VerifiedUserFactory(password=PASSWORD)
    page = signed_in(chromium, live, author.email)
    page.goto(live.url("/sv/ideas/new/"))
    page.get_by_label("Rubrik").press_sequentially("Räkna cyklarna vid broar", delay=20)

    similar = page.locator(".similar-ideas")
    expect(similar).to_contain_text("Det finns redan liknande idéer")
    expect(
        similar.get_by_role("link", name=re.compile("Räkna cyklar i realtid"))
    ).to_be_visible()
    expect(similar).to_contain_text("stöd")
    expect(page.locator("[data-similar-seen]")).to_have_value("1")
    assert_no_serious_axe_violations(page)
