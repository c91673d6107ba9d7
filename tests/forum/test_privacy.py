"""Posts, threads and reactions in "download my data" and "delete my account".
Other people's replies always stay."""

import pytest

from accounts import privacy
from accounts import services as account_services
from forum import services
from forum.models import Post, PostRevision, Thread
from ideas.models import Idea
from tests.forum.factories import CategoryFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer_with_replies():
    writer, other = VerifiedUserFactory.create_batch(2)
    idea = IdeaFactory()
    post = services.post_create(actor=writer, target=idea, body="Mitt förslag")
    services.post_edit(actor=writer, post=post, body="Mitt bättre förslag")
    reply = services.post_create(actor=other, target=idea, body="Svar", parent=post)
    services.reaction_toggle(actor=writer, post=reply, kind="like")
    thread = services.thread_create(
        actor=writer, category=CategoryFactory(), title="Min tråd", body="Öppning"
    )
    return writer, idea, post, reply, thread


def test_the_export_holds_posts_with_history_threads_and_reactions(
    writer_with_replies,
):
    writer, idea, post, reply, thread = writer_with_replies
    data = privacy.export_user_data(writer)
    assert [p["body"] for p in data["posts"]] == ["Mitt bättre förslag", "Öppning"]
    assert data["posts"][0]["earlier_versions"] == ["Mitt förslag"]
    assert data["posts"][0]["discussion"] == f"idea.{idea.pk}"
    assert data["threads"] == [
        {
            "id": thread.pk,
            "title": "Min tråd",
            "created_at": data["threads"][0]["created_at"],
        }
    ]
    assert [(r["post_id"], r["kind"]) for r in data["reactions"]] == [
        (reply.pk, "like")
    ]


def test_keeping_contributions_leaves_posts_to_a_former_participant(
    writer_with_replies,
):
    writer, idea, post, reply, thread = writer_with_replies
    account_services.account_delete(actor=writer, user=writer, keep_contributions=True)
    post.refresh_from_db()
    reply.refresh_from_db()
    assert (post.author, post.body) == (None, "Mitt bättre förslag")
    assert Thread.objects.get(pk=thread.pk).author is None
    assert reply.like_count == 0  # the reaction went with the person


def test_deleting_everything_empties_the_posts_but_keeps_the_replies(
    writer_with_replies,
):
    writer, idea, post, reply, thread = writer_with_replies
    account_services.account_delete(actor=writer, user=writer, keep_contributions=False)
    post.refresh_from_db()
    assert (post.author, post.body, post.removed_at is not None) == (None, "", True)
    assert not PostRevision.objects.exists()
    assert Post.objects.filter(pk=reply.pk, body="Svar").exists()
    assert Idea.objects.get(pk=idea.pk).comment_count == 1  # only the reply
