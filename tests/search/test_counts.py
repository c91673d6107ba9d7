"""A popular idea's support count reaches search once a window (search/counts.py):
the first support of a window copies it in its own statement, the task worker
once after the window, and the count in search ends exact. Runs outside a test
transaction, with the database task queue, as the server and its worker do."""

import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from ideas import supports
from ideas.models import Idea
from search import counts
from search.indexing import counters_now, index_now
from search.models import EntryType, SearchEntry
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.ideas.test_supports import _in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Long enough for four supports and a worker's start on a busy machine.
WINDOW = 2.5


@pytest.fixture
def windowed(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SEARCH_COUNT_SECONDS = WINDOW
    counts._copied_at.clear()
    counts._refresh_at.clear()
    yield
    counts._copied_at.clear()
    counts._refresh_at.clear()


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def in_search(idea: Idea) -> int:
    return SearchEntry.objects.get(type=EntryType.IDEA, object_id=idea.pk).support_count


def refreshes_queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="refresh_counts").count()


def test_the_first_support_of_a_window_copies_the_rest_wait_for_one_refresh(
    windowed, goals
):
    idea = IdeaFactory(goals=goals)
    index_now(EntryType.IDEA, [idea.pk])
    people = VerifiedUserFactory.create_batch(4)
    started = time.monotonic()
    supports.support_add(actor=people[0], idea=idea)
    assert in_search(idea) == 1  # at once: the first of its window
    supports.support_add(actor=people[1], idea=idea)
    supports.support_withdraw(actor=people[0], idea=idea)
    supports.support_add(actor=people[2], idea=idea)
    assert in_search(idea) == 1
    assert refreshes_queued() == 1  # one for the window, however many supported
    run_worker()  # not due before the window is over
    assert time.monotonic() - started < WINDOW, "the machine was too slow to tell"
    assert in_search(idea) == 1
    time.sleep(WINDOW + 0.2)
    run_worker()
    assert in_search(idea) == 2 == Idea.objects.get(pk=idea.pk).support_count
    # The next window begins with a copy in the statement again.
    supports.support_add(actor=people[3], idea=idea)
    assert in_search(idea) == 3


def test_a_crowd_on_one_idea_leaves_the_exact_count_in_search(windowed, goals):
    idea = IdeaFactory(goals=goals)
    index_now(EntryType.IDEA, [idea.pk])
    leaving = VerifiedUserFactory.create_batch(10)
    joining = VerifiedUserFactory.create_batch(15)
    for person in leaving:
        supports.support_add(actor=person, idea=idea)
    work = [lambda p=p: supports.support_withdraw(actor=p, idea=idea) for p in leaving]
    work += [lambda p=p: supports.support_add(actor=p, idea=idea) for p in joining]
    assert _in_threads(work) == []
    time.sleep(WINDOW + 0.1)
    run_worker()
    assert in_search(idea) == 15 == Idea.objects.get(pk=idea.pk).support_count


def test_a_queue_that_cannot_wait_copies_on_every_support(settings, goals):
    """The immediate backend runs a task at once: nothing to wait for."""
    settings.SEARCH_COUNT_SECONDS = WINDOW
    idea = IdeaFactory(goals=goals)
    index_now(EntryType.IDEA, [idea.pk])
    for count, person in enumerate(VerifiedUserFactory.create_batch(3), start=1):
        supports.support_add(actor=person, idea=idea)
        assert in_search(idea) == count


def test_a_refresh_waits_for_a_support_being_written_and_keeps_its_count(goals):
    """The worker's copy reads the idea under a share lock: a support not yet
    committed is waited for, and the older count it read is not written over
    the support's own copy."""
    idea = IdeaFactory(goals=goals)
    index_now(EntryType.IDEA, [idea.pk])
    written, commit = threading.Event(), threading.Event()

    def support_held_open() -> None:
        try:
            with transaction.atomic():
                supports.support_add(actor=VerifiedUserFactory(), idea=idea)
                written.set()
                commit.wait(10)
        finally:
            connection.close()

    def refresh() -> None:
        try:
            counters_now(EntryType.IDEA, [idea.pk])
        finally:
            connection.close()

    supporter = threading.Thread(target=support_held_open)
    supporter.start()
    assert written.wait(10)
    refresher = threading.Thread(target=refresh)
    refresher.start()
    refresher.join(0.5)
    waited = refresher.is_alive()
    commit.set()
    supporter.join(10)
    refresher.join(10)
    assert waited, "the refresh did not wait for the support"
    assert in_search(idea) == 1 == Idea.objects.get(pk=idea.pk).support_count
