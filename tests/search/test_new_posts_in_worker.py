"""A new post is indexed by the task worker, not in the request that wrote it
(search/indexing.py): it is in search once the worker has run. What takes
something out of search (a moderator hiding the post) is still written at
commit, worker or not, so nothing hidden stays findable."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from forum import moderation
from forum.models import Post
from search.models import SearchEntry
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = pytest.mark.django_db(transaction=True)


def in_search(post: Post) -> bool:
    return SearchEntry.objects.filter(type="post", object_id=post.pk).exists()


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def comment(client, idea, body: str) -> Post:
    with translation.override("sv"):
        url = reverse("forum:post_create", args=["idea", idea.pk])
    client.force_login(VerifiedUserFactory())
    assert client.post(url, {"body": body}).status_code == 302
    return Post.objects.get(body=body)


def test_a_new_comment_is_findable_once_the_worker_has_run(client, settings, goals):
    settings.TASKS = DATABASE_QUEUE
    idea = IdeaFactory(goals=goals)
    post = comment(client, idea, "Cykelparkering vid varje tunnelbanestation")
    assert not in_search(post)  # queued, not indexed in the request
    run_worker()
    entry = SearchEntry.objects.get(type="post", object_id=post.pk)
    assert "Cykelparkering" in entry.body
    assert entry.title == idea.title


def test_a_hidden_comment_leaves_search_at_commit_without_the_worker(
    client, settings, goals, moderator
):
    settings.TASKS = DATABASE_QUEUE
    post = comment(client, IdeaFactory(goals=goals), "Olämplig text om grannen")
    run_worker()
    assert in_search(post)
    moderation.post_hide(actor=moderator, post=post, reason="Personangrepp")
    assert not in_search(post)  # the worker has not run since


def test_a_comment_hidden_before_the_worker_runs_never_enters_search(
    client, settings, goals, moderator
):
    settings.TASKS = DATABASE_QUEUE
    post = comment(client, IdeaFactory(goals=goals), "Snabbt dold kommentar")
    moderation.post_hide(actor=moderator, post=post, reason="Personangrepp")
    run_worker()  # rebuilt from the row as it is now: hidden
    assert not in_search(post)
