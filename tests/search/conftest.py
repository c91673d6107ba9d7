from contextlib import contextmanager

import pytest

from search.indexing import flush_pending
from tests.ideas.conftest import goals, moderator, resident  # noqa: F401 - shared fixtures


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """``with indexed(): make content`` runs, at the end of the block, what a
    commit would run (search indexing among it). The test's own transaction
    never commits, so work marked earlier in it (by fixtures) is flushed too."""

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        flush_pending()

    return run
