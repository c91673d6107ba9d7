"""A comment's notices go to the task worker: the request does the same work
for an idea nobody follows as for one hundreds follow, and the worker then
tells every follower once (mentions first, never the author)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification, NotificationKind
from notifications.services import follow_add, follower_ids
from search.indexing import flush_pending
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def comment_url(idea) -> str:
    with translation.override("sv"):
        return reverse("forum:post_create", args=["idea", idea.pk])


def followed_idea(goals, followers: int):
    idea = IdeaFactory(goals=goals)
    for person in VerifiedUserFactory.create_batch(followers):
        follow_add(actor=person, target=idea, check=False)
    return idea


@pytest.mark.django_db
def test_a_comment_costs_the_same_queries_whoever_follows(
    client,
    settings,
    goals,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = DATABASE_QUEUE  # as in production: queued, not run inline
    # The whole request: reading the session, the person and the idea, the
    # comment's transaction, the redirect's page number, and what runs after
    # commit (the idea's search counters; queuing the notices and the new
    # post's indexing). SQLite takes the event's id in a statement of its own
    # (live/events._log).
    most = 18 if connection.vendor == "postgresql" else 19
    counts = []
    for followers in (0, 40):
        idea = followed_idea(goals, followers)
        client.force_login(VerifiedUserFactory())
        client.get("/sv/")  # the session's first writes are not the comment's
        flush_pending()  # nor is indexing the idea just made
        with (
            django_assert_max_num_queries(most) as counted,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(comment_url(idea), {"body": "Bra idé!"})
            flush_pending()  # marked in the test's transaction, as commit would
        assert response.status_code == 302
        counts.append(len(counted))
    assert counts[0] == counts[1]
    assert Notification.objects.count() == 0  # the worker has not run yet


@pytest.mark.django_db(transaction=True)
def test_the_worker_tells_each_follower_once_and_the_mentioned_first(
    client, settings, goals
):
    settings.TASKS = DATABASE_QUEUE
    idea = followed_idea(goals, 3)
    named = VerifiedUserFactory(display_name="Tove Nämnd")
    follow_add(actor=named, target=idea, check=False)
    writer = VerifiedUserFactory()
    follow_add(actor=writer, target=idea, check=False)
    client.force_login(writer)
    client.post(comment_url(idea), {"body": "Vad tycker @Tove Nämnd om detta?"})
    assert Notification.objects.count() == 0
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    told = Notification.objects.values_list("recipient_id", "kind")
    assert sorted(told) == sorted(
        [(named.pk, NotificationKind.MENTIONED)]
        + [
            (pk, NotificationKind.NEW_POST)
            for pk in follower_ids([idea]) - {writer.pk, named.pk}
        ]
    )
