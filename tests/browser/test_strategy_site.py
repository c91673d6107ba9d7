"""A visitor reads the strategy and switches language, with and without JavaScript."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.accounts.totp import totp_code
from tests.browser.axe import assert_no_serious_axe_violations, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read_goal_then_switch_to_english(page: Page, base_url: str, *, axe: bool) -> None:
    """axe runs inside the page, so it is only run where JavaScript is on; the
    HTML a page without JavaScript gets is the same."""
    check = assert_no_serious_axe_violations if axe else (lambda page: None)

    page.goto(base_url + "/sv/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    check(page)

    goal_picture = page.get_by_role("region", name="Målbilden")
    goal_picture.get_by_role(
        "link", name="Högsta livskvaliteten för stockholmarna"
    ).click()
    expect(page).to_have_url(re.compile(r"/sv/strategi/hogsta-livskvaliteten/$"))
    expect(page.locator("h1")).to_have_text("Högsta livskvaliteten för stockholmarna")
    check(page)

    page.get_by_role("navigation", name=re.compile("Språk|Language")).get_by_role(
        "link", name="English"
    ).click()
    expect(page).to_have_url(re.compile(r"/en/strategy/highest-quality-of-life/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(
        "The highest quality of life for Stockholmers"
    )
    check(page)


def test_home_to_goal_to_english_with_javascript(
    browser_page, asgi_live_server, demo_live_site
):
    read_goal_then_switch_to_english(browser_page, asgi_live_server.http_url, axe=True)


def test_home_to_goal_to_english_without_javascript(
    browser_page_without_js, asgi_live_server, demo_live_site
):
    read_goal_then_switch_to_english(
        browser_page_without_js, asgi_live_server.http_url, axe=False
    )


def test_the_skip_link_moves_keyboard_focus_to_the_main_content(
    browser_page, asgi_live_server, demo_live_site
):
    page = browser_page
    page.goto(asgi_live_server.url("/sv/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_pages_reflow_at_320_pixels_without_sideways_scrolling(
    browser_page, asgi_live_server, demo_live_site
):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/sv/", "/sv/strategi/", "/en/challenges/"):
        page.goto(asgi_live_server.url(path))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_the_websocket_endpoint_answers_through_the_live_server(
    browser_page, asgi_live_server, demo_live_site
):
    page = browser_page
    page.goto(asgi_live_server.url("/sv/"))
    reply = page.evaluate(
        """(url) => new Promise((resolve, reject) => {
            const socket = new WebSocket(url);
            socket.onopen = () => socket.send(JSON.stringify({type: "ping"}));
            socket.onmessage = (event) => {
                resolve(JSON.parse(event.data));
                socket.close();
            };
            socket.onclose = (event) => reject(new Error("closed: " + event.code));
            setTimeout(() => reject(new Error("no answer within 10 s")), 10000);
        })""",
        asgi_live_server.ws_url + "/ws/",
    )
    assert reply == {"type": "pong"}


def test_the_demo_admin_signs_in_sets_up_mfa_and_reaches_the_wagtail_admin(
    browser_page, asgi_live_server, demo_live_site
):
    page = browser_page
    page.goto(asgi_live_server.url("/admin/"))
    expect(page).to_have_url(re.compile(r"/sv/account/login/"))
    page.locator("input[name=login]").fill("admin@idestad.example")
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()

    # Staff without a second factor are sent to set one up, after their password.
    expect(page).to_have_url(re.compile(r"/account/reauthenticate/"))
    expect(page.get_by_text("tvåstegsverifiering")).to_be_visible()
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/account/2fa/totp/activate/"))
    assert_no_serious_axe_violations(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("main input[name=code]").fill(totp_code(secret))
    page.locator("main form button[type=submit]").click()

    page.goto(asgi_live_server.url("/admin/"))
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(
        page.get_by_role("link", name=re.compile("Sidor|Pages")).first
    ).to_be_visible()


def test_the_accessibility_check_catches_serious_violations(browser_page):
    # The helper itself must be able to fail: an unlabelled field and an image
    # without alternative text are critical violations.
    browser_page.set_content(
        '<html lang="sv"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )
    found = {v["id"] for v in serious_axe_violations(browser_page)}
    assert {"image-alt", "label"} <= found
