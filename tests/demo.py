"""The demo site (``seed_demo``), seeded once and shared by the tests that read it.

Seeding takes 10–40 seconds (every page is created, revised and published
through Wagtail, in two languages). So it runs once per test run: the demo is
seeded, committed and copied (tests.snapshot), and the database is put back as
it was. A test that asks for the demo gets the copy restored, in a fraction of
a second:

- ``demo_site`` for ordinary tests: restored inside the test's transaction,
  so it is gone again when the test's transaction is rolled back;
- ``demo_live_site`` for browser tests against the live server, which sees
  committed rows only: restored and committed; the transactional test's flush
  empties the database after it, as for any transactional test.
"""

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import TestCase

from tests.snapshot import Snapshot


def seed() -> None:
    """Seed as `make run` does, and run what its commit would run (search
    indexing, events), as a real commit would."""
    from search.indexing import flush_pending

    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    flush_pending()


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker) -> Iterator[Snapshot]:
    with django_db_blocker.unblock():
        before = Snapshot.take("before")
        try:
            seed()
            demo = Snapshot.take("demo")
        finally:
            # Whatever happened, the tests after this start from the database
            # as it was (a failed seed must not leave half a demo behind).
            before.restore()
            ContentType.objects.clear_cache()
    yield demo
    with django_db_blocker.unblock():
        demo.drop()
        before.drop()


@pytest.fixture
def demo_site(db, _demo_snapshot: Snapshot) -> None:
    """The demo, as `make run` seeds it, for this test only."""
    _demo_snapshot.restore()
    ContentType.objects.clear_cache()


@pytest.fixture
def demo_live_site(transactional_db, _demo_snapshot: Snapshot) -> None:
    """The demo, committed for a browser test against the live server (which
    forgets cached content types at every request)."""
    _demo_snapshot.restore()
    ContentType.objects.clear_cache()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop on the
    main thread while a browser is open, and async tests need that thread free."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
