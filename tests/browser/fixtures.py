"""Headless Debian Chromium driven by Playwright, with and without JavaScript."""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.live_server import LiveServer
from tests.services import CHROMIUM_PATH

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium(asgi_live_server: LiveServer) -> Iterator[Browser]:
    """Started after the test database and the live server exist, and stopped
    after each module, so async tests never share the thread with its loop.

    Playwright's sync API keeps an event loop on the main thread for as long as
    the browser lives, and Django refuses ORM calls from a thread with a running
    loop. The ORM calls here are the tests' own, made synchronously between
    browser steps, so that safety check is switched off while the browser runs.
    """
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


def _new_page(browser: Browser, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        java_script_enabled=javascript,
        locale="sv-SE",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def browser_page(chromium: Browser) -> Iterator[Page]:
    yield from _new_page(chromium, javascript=True)


@pytest.fixture
def browser_page_without_js(chromium: Browser) -> Iterator[Page]:
    yield from _new_page(chromium, javascript=False)
