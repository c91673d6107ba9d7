"""Writing in discussions: posts, replies, edits, removal and reactions, each
with exactly the live events it sends and nothing half-saved when refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from forum import services
from forum.models import Post, PostRevision, Reaction
from ideas.models import Idea
from tests.forum.factories import PostFactory, ThreadFactory
from tests.ideas.factories import UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_a_comment_on_an_idea_sends_one_event_and_counts(idea, resident, events_sent):
    post = services.post_create(actor=resident, target=idea, body="Ja, *gärna*!")
    assert post.idea == idea and post.stream == f"idea.{idea.pk}"
    assert post.body_html == "<p>Ja, <em>gärna</em>!</p>"
    assert events_sent() == [
        (f"idea.{idea.pk}", "post.created", {"post_id": post.pk, "parent_id": None})
    ]
    assert Idea.objects.get(pk=idea.pk).comment_count == 1


def test_a_reply_to_a_reply_is_attached_to_the_parent_with_a_quote(idea, resident):
    first = services.post_create(actor=resident, target=idea, body="Första")
    reply = services.post_create(
        actor=VerifiedUserFactory(), target=idea, body="Svar", parent=first
    )
    deeper = services.post_create(
        actor=resident, target=idea, body="Svar på svaret", parent=reply
    )
    assert (reply.parent, reply.quote) == (first, None)
    assert (deeper.parent, deeper.quote) == (first, reply)


@pytest.mark.parametrize("state", ["removed_at", "hidden_at"])
def test_a_reply_to_a_removed_or_hidden_post_is_refused(idea, resident, state):
    parent = PostFactory(idea=idea, **{state: timezone.now()})
    with pytest.raises(ValidationError, match="tagits bort eller dolts"):
        services.post_create(actor=resident, target=idea, body="Hej", parent=parent)
    assert Post.objects.count() == 1


def test_a_post_over_ten_thousand_characters_is_refused_and_nothing_saved(
    idea, resident, events_sent
):
    with pytest.raises(ValidationError, match="högst 10 000"):
        services.post_create(actor=resident, target=idea, body="x" * 10_001)
    assert Post.objects.count() == 0
    assert events_sent() == []
    assert Idea.objects.get(pk=idea.pk).comment_count == 0


def test_script_and_html_in_a_post_are_rendered_inert(idea, resident):
    post = services.post_create(
        actor=resident,
        target=idea,
        body=(
            "<script>alert(1)</script> <img src=x onerror=alert(2)> "
            "[x](javascript:alert(3))"
        ),
    )
    assert "<script" not in post.body_html
    assert "onerror" not in post.body_html
    assert "javascript:" not in post.body_html


def test_unverified_and_suspended_people_cannot_post(idea):
    with pytest.raises(PermissionDenied):
        services.post_create(actor=UserFactory(), target=idea, body="Hej")
    suspended = VerifiedUserFactory(suspended_until=timezone.now() + timedelta(days=2))
    with pytest.raises(PermissionDenied, match="avstängt"):
        services.post_create(actor=suspended, target=idea, body="Hej")
    assert Post.objects.count() == 0


def test_posting_into_a_locked_thread_is_refused(resident):
    thread = ThreadFactory(locked=True)
    with pytest.raises(PermissionDenied, match="låst"):
        services.post_create(actor=resident, target=thread, body="Hej")


def test_posting_on_a_hidden_idea_is_refused(resident):
    idea = Idea.objects.get(pk=PostFactory().idea_id)
    idea.hidden_at = timezone.now()
    idea.save()
    with pytest.raises(PermissionDenied, match="inte öppen"):
        services.post_create(actor=resident, target=idea, body="Hej")


@override_settings(FORUM_POSTS_PER_MINUTE=5, FORUM_POSTS_PER_HOUR=30)
def test_the_sixth_post_in_a_minute_is_refused(idea, resident):
    for n in range(5):
        services.post_create(actor=resident, target=idea, body=f"Inlägg {n}")
    with pytest.raises(ValidationError, match="väldigt snabbt"):
        services.post_create(actor=resident, target=idea, body="Inlägg 6")
    assert Post.objects.count() == 5


@override_settings(FORUM_NEW_ACCOUNT_POSTS_PER_MINUTE=2)
def test_accounts_younger_than_a_day_have_a_tighter_limit(idea):
    newcomer = VerifiedUserFactory(date_joined=timezone.now())
    for n in range(2):
        services.post_create(actor=newcomer, target=idea, body=f"Inlägg {n}")
    with pytest.raises(ValidationError, match="väldigt snabbt"):
        services.post_create(actor=newcomer, target=idea, body="Inlägg 3")


def test_the_same_post_twice_within_a_minute_is_refused(idea, resident):
    services.post_create(actor=resident, target=idea, body="Samma text")
    with pytest.raises(ValidationError, match="nyss"):
        services.post_create(actor=resident, target=idea, body="Samma text")
    assert Post.objects.count() == 1


def test_editing_keeps_the_old_text_and_sends_one_event(idea, resident, events_sent):
    post = services.post_create(actor=resident, target=idea, body="Först")
    before = events_sent()
    assert services.post_edit(actor=resident, post=post, body="Sedan") is True
    post.refresh_from_db()
    assert (post.body, post.edited_at is not None) == ("Sedan", True)
    assert list(PostRevision.objects.values_list("body", flat=True)) == ["Först"]
    assert events_sent()[len(before) :] == [
        (post.stream, "post.edited", {"post_id": post.pk})
    ]
    assert services.post_edit(actor=resident, post=post, body="Sedan") is False


def test_editing_someone_elses_post_is_refused(idea, resident, other_resident):
    post = services.post_create(actor=resident, target=idea, body="Min text")
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=other_resident, post=post, body="Din text nu")
    post.refresh_from_db()
    assert post.body == "Min text" and not PostRevision.objects.exists()


def test_removing_leaves_a_placeholder_and_keeps_the_replies(
    idea, resident, other_resident, events_sent
):
    post = services.post_create(actor=resident, target=idea, body="Tas bort")
    reply = services.post_create(
        actor=other_resident, target=idea, body="Svar", parent=post
    )
    assert services.post_remove(actor=resident, post=post) is True
    post.refresh_from_db()
    assert post.removed_at is not None
    assert Post.objects.filter(pk=reply.pk).exists()
    assert events_sent()[-1] == (post.stream, "post.removed", {"post_id": post.pk})
    assert Idea.objects.get(pk=idea.pk).comment_count == 1
    assert services.post_remove(actor=resident, post=post) is False
    with pytest.raises(PermissionDenied):
        services.post_remove(actor=resident, post=reply)


def test_a_like_counts_once_and_toggles_with_an_event(
    idea, resident, other_resident, events_sent
):
    post = services.post_create(actor=resident, target=idea, body="Gilla mig")
    assert services.reaction_toggle(actor=other_resident, post=post, kind="like")
    post.refresh_from_db()
    assert post.like_count == 1
    assert events_sent()[-1] == (
        post.stream,
        "post.reactions",
        {"post_id": post.pk, "like_count": 1, "helpful_count": 0},
    )
    assert not services.reaction_toggle(actor=other_resident, post=post, kind="like")
    post.refresh_from_db()
    assert post.like_count == 0 and not Reaction.objects.exists()
    with pytest.raises(PermissionDenied):
        services.reaction_toggle(actor=resident, post=post, kind="like")


def test_helpful_is_only_for_answers(idea, resident, other_resident, staff):
    question = services.post_create(actor=resident, target=idea, body="Fråga?")
    with pytest.raises(ValidationError):
        services.reaction_toggle(actor=other_resident, post=question, kind="helpful")
    answer = services.post_create(
        actor=staff, target=idea, body="Svar", parent=question, official=True
    )
    assert answer.is_official and answer.official_unit == "Trafikkontoret"
    assert services.reaction_toggle(actor=resident, post=answer, kind="helpful")


def test_only_city_staff_give_official_answers(idea, resident):
    with pytest.raises(PermissionDenied, match="stadens medarbetare"):
        services.post_create(actor=resident, target=idea, body="Hej", official=True)


def test_a_thread_opens_with_its_first_post_and_is_followed(resident):
    from forum.models import Category
    from notifications.models import Follow

    category = Category.objects.create(name_sv="Allmänt", slug="allmant")
    thread = services.thread_create(
        actor=resident, category=category, title="  Laddplatser  ", body="Var?"
    )
    assert thread.title == "Laddplatser"
    assert [p.body for p in thread.posts.all()] == ["Var?"]
    thread.refresh_from_db()
    assert thread.post_count == 1
    assert Follow.objects.filter(user=resident, object_id=thread.pk).exists()
