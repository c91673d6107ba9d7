"""The statistics page as people read it: without JavaScript on a 320 px
phone, every chart with its title, summary and table, nothing scrolling
sideways, 0 serious or critical axe findings; the period form and a CSV."""

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.test_layout import assert_fits, assert_headings_do_not_skip_levels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_passes_axe_on_a_phone(browser_page, asgi_live_server, demo_live_site):
    # axe is itself a script: it runs in a page with JavaScript on.
    browser_page.set_viewport_size({"width": 320, "height": 700})
    browser_page.goto(asgi_live_server.url("/sv/statistik/"))
    assert_no_serious_axe_violations(browser_page)


def test_readable_without_javascript_on_a_phone(
    browser_page_without_js, asgi_live_server, demo_live_site
):
    page = browser_page_without_js
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(asgi_live_server.url("/sv/statistik/"))
    expect(page.get_by_role("heading", level=1, name="Statistik")).to_be_visible()
    assert_fits(page, 320)
    assert_headings_do_not_skip_levels(page)

    sections = page.locator("section.stat-chart")
    assert sections.count() == 9
    for index in range(sections.count()):
        section = sections.nth(index)
        title = section.locator("h2").inner_text()
        chart = section.get_by_role("img")
        expect(chart).to_have_count(1)
        # Named by the chart's title and described by its summary.
        expect(chart).to_have_accessible_name(
            title + " " + section.locator("p").first.inner_text()
        )
        table = section.get_by_role("table", name=f"Tabell: {title}")
        expect(table).to_be_visible()
        assert table.locator("tbody tr").count() >= 1
        summary = section.locator("p").first.inner_text()
        assert summary.endswith(".") and len(summary) > 10

    ideas = sections.first
    assert "idéer under perioden" in ideas.locator("p").first.inner_text()


def test_a_chosen_period_and_its_csv(
    browser_page_without_js, asgi_live_server, demo_live_site
):
    page = browser_page_without_js
    page.goto(asgi_live_server.url("/sv/statistik/?start=2026-13&end=2026-11"))
    expect(
        page.get_by_text("Ange en månad som ÅÅÅÅ-MM, t.ex. 2026-03.")
    ).to_be_visible()
    page.goto(asgi_live_server.url("/sv/statistik/?start=2026-01&end=2026-11"))
    expect(page.get_by_text("Period: januari 2026 – november 2026.")).to_be_visible()
    rows = page.locator("#chart-ideas tbody tr")
    expect(rows).to_have_count(11)
    link = page.get_by_role(
        "link", name="Ladda ner som CSV: Nya idéer per månad, efter roll"
    )
    response = page.request.get(asgi_live_server.url(link.get_attribute("href")))
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.text())))
    assert table[0][1] == "Invånare" and table[1][0] == "januari 2026"
    assert len(table) == 12
    shown = [int(c) for c in rows.nth(10).locator("td").all_inner_texts()]
    assert [int(c) for c in table[11][1:]] == shown
