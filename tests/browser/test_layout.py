"""The pages people use most, on a small phone (320 px) and a laptop (1280 px),
with the demo's real content: no serious or critical axe findings, no sideways
scrolling, and on the phone the menu folded behind its button (which opens it
without JavaScript). The idea form is checked with its error summary too."""

import pytest
from playwright.sync_api import Page, expect

from ideas.models import Idea, Project
from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.test_ideas import PASSWORD, signed_in
from tests.ideas.factories import VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (320, 1280)


def public_pages() -> list[str]:
    idea = Idea.objects.visible().exclude(images=None).first()
    project = Project.objects.get(title="Uppkopplade sensorer i vattennätet")
    return [
        "/sv/",
        "/sv/ideas/",
        idea.get_absolute_url(),
        "/sv/search/?q=trafik",
        project.get_absolute_url(),
        "/sv/uppfoljning/",
        "/sv/oppna-data/",
    ]


def assert_fits(page: Page, width: int) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"


def assert_headings_do_not_skip_levels(page: Page) -> None:
    levels = page.evaluate(
        "Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4,"
        " main h5, main h6')).map(h => Number(h.tagName[1]))"
    )
    assert levels and levels[0] == 1, f"{page.url}: starts at h{levels[:1]}"
    jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not jumps, f"{page.url}: headings jump {jumps}"


def assert_menu_state(page: Page, width: int) -> None:
    toggle = page.locator("summary.site-menu__toggle")
    main_menu = page.get_by_role("navigation", name="Huvudmeny")
    if width == 320:
        expect(toggle).to_be_visible()
        expect(main_menu).to_be_hidden()
        top = page.locator("main").bounding_box()["y"]
        assert top < 260, f"{page.url}: content starts {top}px down at 320px"
    else:
        expect(toggle).to_be_hidden()
        expect(main_menu).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_fit_and_pass_axe(
    browser_page, asgi_live_server, demo_live_site, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    for path in public_pages():
        page.goto(asgi_live_server.url(path))
        assert_fits(page, width)
        assert_menu_state(page, width)
        assert_headings_do_not_skip_levels(page)
        assert_no_serious_axe_violations(page)


def test_the_folded_menu_opens_without_javascript(
    browser_page_without_js, asgi_live_server, demo_live_site
):
    page = browser_page_without_js
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(asgi_live_server.url("/sv/"))
    main_menu = page.get_by_role("navigation", name="Huvudmeny")
    expect(main_menu).to_be_hidden()
    page.get_by_text("Meny", exact=True).click()
    expect(main_menu).to_be_visible()
    main_menu.get_by_role("link", name="Idéer").click()
    expect(page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_idea_form_and_its_error_summary_fit_and_pass_axe(
    chromium, asgi_live_server, demo_live_site, width
):
    VerifiedUserFactory(email=f"skribent{width}@example.org", password=PASSWORD)
    page = signed_in(chromium, asgi_live_server, f"skribent{width}@example.org")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(asgi_live_server.url("/sv/ideas/new/"))
    assert_fits(page, width)
    assert_no_serious_axe_violations(page)
    # The pilot questions show only for a pilot proposal.
    pilot = page.get_by_role("heading", name="Bara för pilotförslag")
    expect(pilot).to_be_hidden()
    page.get_by_role("radio", name="Pilotförslag").check()
    expect(pilot).to_be_visible()
    page.get_by_role("radio", name="Idé", exact=True).check()
    page.locator("main form button[name=publish]").click()
    summary = page.get_by_role("alert").filter(has_text="Något behöver rättas")
    expect(summary).to_be_visible()
    summary.get_by_role("link", name="Rubrik: Det här fältet är obligatoriskt").click()
    expect(page.locator("#id_title")).to_be_focused()
    assert_fits(page, width)
    assert_no_serious_axe_violations(page)
