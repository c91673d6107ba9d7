from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from wagtail.models import Locale, Page, Site

from tests.services import skip_or_fail_if_missing

pytest_plugins = ["tests.live_server", "tests.browser.fixtures", "tests.demo"]


def pytest_runtest_setup(item: pytest.Item) -> None:
    skip_or_fail_if_missing(item)


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    """Swedish and English, as the project's content languages."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("sv", "en")
    }


@pytest.fixture
def root_page(locales) -> Page:
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", locale=locales["sv"])
        )
    return root


@pytest.fixture
def home(root_page, locales):
    """A published Swedish home page that is the default site's root."""
    from tests.cms.factories import HomePageFactory

    home = HomePageFactory(parent=root_page, locale=locales["sv"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def clear_test_cache() -> None:
    """Empty this run's cache without touching anything else in a shared Redis."""
    from django.conf import settings
    from django.core.cache import cache

    backend = settings.CACHES["default"]
    if "RedisCache" not in backend["BACKEND"]:
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{backend['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _each_test_starts_with_an_empty_cache() -> None:
    # Rate limits and Wagtail's cached site roots must not leak between tests.
    clear_test_cache()


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language() -> Iterator[None]:
    # The test client runs LocaleMiddleware in this thread, and it leaves the
    # language of the last request active: an English page would otherwise make
    # the next test's service messages English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def superuser_with_mfa(db):
    """An administrator with an authenticator app, as the staff MFA rule demands."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.accounts.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    TOTP.activate(admin, generate_totp_secret())
    return admin


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """The writes made inside as if they were a transaction of their own that
    commits: what a commit runs (the version's bump) runs, and, as after a
    commit, nothing is left waiting for one (each test is one transaction
    that never commits, and would otherwise keep every callback)."""

    @contextmanager
    def commit():
        connection.run_on_commit.clear()
        with django_capture_on_commit_callbacks(execute=True):
            yield
        connection.run_on_commit.clear()

    return commit
