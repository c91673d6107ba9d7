"""A new person signs up, verifies with the e-mailed code, sets a district and
sees their public profile: with JavaScript and without."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.test_signup import CODE
from tests.browser.axe import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up_verify_and_set_district(page: Page, live, email: str, *, axe: bool) -> None:
    check = assert_no_serious_axe_violations if axe else (lambda page: None)
    page.goto(live.url("/sv/"))
    page.get_by_role("link", name="Skapa konto").click()
    expect(page.locator("h1")).to_have_count(1)
    check(page)
    page.locator("input[name=email]").fill(email)
    page.get_by_label("Visningsnamn").fill("Nora Ny")
    page.locator("input[name=password1]").fill("Xy7-a-long-password!")
    page.locator("input[name=password2]").fill("Xy7-a-long-password!")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/sv/account/confirm-email/"))
    check(page)
    [message] = live.mails_to(email)
    code = CODE.search(message.get_content()).group(0)
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/sv/account/profile/"))
    check(page)
    page.get_by_label("Stadsdelsområde").select_option(label="Rinkeby-Kista")
    page.get_by_role("button", name="Spara profilen").click()

    expect(page).to_have_url(re.compile(r"/sv/people/\d+/"))
    expect(page.locator("h1")).to_have_text("Nora Ny")
    expect(page.get_by_text("Rinkeby-Kista")).to_be_visible()
    expect(page.get_by_text("Invånare")).to_be_visible()
    check(page)


def test_sign_up_with_javascript(browser_page, asgi_live_server, demo_live_site):
    sign_up_verify_and_set_district(
        browser_page, asgi_live_server, "nora.js@example.org", axe=True
    )


def test_sign_up_without_javascript(
    browser_page_without_js, asgi_live_server, demo_live_site
):
    sign_up_verify_and_set_district(
        browser_page_without_js, asgi_live_server, "nora.nojs@example.org", axe=False
    )
