"""Reports, hiding, locking and suspension (all in the audit log), and who is
told about a new post: the people it mentions and those who follow the
discussion, never its author, live on their own stream."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from accounts.models import AuditLogEntry
from forum import moderation, services
from forum.models import Post
from ideas import supports
from ideas.models import Idea
from notifications.models import Notification, NotificationKind
from notifications.services import follow_add
from tests.forum.factories import ThreadFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(FORUM_FLAG_HIDE_THRESHOLD=2)
def test_reports_from_two_people_hide_a_post_without_sending_its_text(
    idea, resident, events_sent
):
    post = services.post_create(actor=resident, target=idea, body="Köp billiga klockor")
    reporters = VerifiedUserFactory.create_batch(2)
    assert moderation.post_flag(actor=reporters[0], post=post, reason="spam")
    assert not moderation.post_flag(actor=reporters[0], post=post, reason="spam")
    post.refresh_from_db()
    assert post.hidden_at is None
    moderation.post_flag(actor=reporters[1], post=post, reason="spam")
    post.refresh_from_db()
    assert post.hidden_at is not None and post.hidden_reason == ""
    hidden = [e for e in events_sent() if e[1] == "post.hidden"]
    assert hidden == [(post.stream, "post.hidden", {"post_id": post.pk})]
    assert Idea.objects.get(pk=idea.pk).comment_count == 0


def test_one_cannot_report_ones_own_post_or_without_a_reason(idea, resident):
    post = services.post_create(actor=resident, target=idea, body="Min")
    with pytest.raises(PermissionDenied):
        moderation.post_flag(actor=resident, post=post, reason="spam")
    with pytest.raises(ValidationError):
        moderation.post_flag(actor=VerifiedUserFactory(), post=post, reason="nope")


def test_moderators_hide_and_restore_with_a_reason_in_the_audit_log(
    idea, resident, moderator
):
    post = services.post_create(actor=resident, target=idea, body="Något")
    with pytest.raises(ValidationError):
        moderation.post_hide(actor=moderator, post=post, reason=" ")
    with pytest.raises(PermissionDenied):
        moderation.post_hide(actor=resident, post=post, reason="Nej")
    assert moderation.post_hide(actor=moderator, post=post, reason="Personuppgifter")
    assert moderation.post_restore(actor=moderator, post=post, reason="Rättat")
    actions = list(
        AuditLogEntry.objects.order_by("pk").values_list("action", "details")
    )
    assert actions == [
        ("post.hidden", {"post_id": post.pk, "reason": "Personuppgifter"}),
        ("post.restored", {"post_id": post.pk, "reason": "Rättat"}),
    ]


def test_a_locked_thread_takes_no_posts_and_the_lock_is_logged(resident, moderator):
    thread = ThreadFactory()
    assert moderation.thread_lock(actor=moderator, thread=thread, locked=True)
    assert not moderation.thread_lock(actor=moderator, thread=thread, locked=True)
    thread.refresh_from_db()
    with pytest.raises(PermissionDenied, match="låst"):
        services.post_create(actor=resident, target=thread, body="Hallå?")
    assert AuditLogEntry.objects.filter(action="thread.locked").count() == 1


def test_a_suspended_person_reads_but_cannot_post_support_or_report(
    idea, resident, moderator
):
    other_post = services.post_create(
        actor=VerifiedUserFactory(), target=idea, body="Inlägg"
    )
    moderation.user_suspend(actor=moderator, user=resident, days=3, reason="Spam")
    resident.refresh_from_db()
    assert resident.is_suspended
    with pytest.raises(PermissionDenied, match="avstängt"):
        services.post_create(actor=resident, target=idea, body="Hej")
    with pytest.raises(PermissionDenied):
        supports.support_add(actor=resident, idea=IdeaFactory())
    with pytest.raises(PermissionDenied):
        moderation.post_flag(actor=resident, post=other_post, reason="spam")
    entry = AuditLogEntry.objects.get(action="user.suspended")
    assert (entry.target, entry.details) == (resident, {"days": 3, "reason": "Spam"})
    assert moderation.user_unsuspend(actor=moderator, user=resident)
    resident.refresh_from_db()
    services.post_create(actor=resident, target=idea, body="Tillbaka")


def test_suspension_needs_a_moderator_and_a_sane_length(resident, moderator):
    with pytest.raises(PermissionDenied):
        moderation.user_suspend(actor=resident, user=moderator, days=3, reason="x")
    with pytest.raises(ValidationError):
        moderation.user_suspend(actor=moderator, user=resident, days=0, reason="x")
    with pytest.raises(ValidationError):
        moderation.user_suspend(actor=moderator, user=moderator, days=3, reason="x")


def test_mentions_and_follows_notify_others_live_but_never_the_author(
    idea, resident, other_resident, events_sent
):
    follower = VerifiedUserFactory(display_name="Fia Följare")
    follow_add(actor=follower, target=idea, check=False)
    follow_add(actor=resident, target=idea, check=False)
    post = services.post_create(
        actor=resident,
        target=idea,
        body="Vad tycker @Olle Annan? Och @Rut Resident själv.",
    )
    notes = {(n.recipient_id, n.kind) for n in Notification.objects.all()}
    assert notes == {
        (other_resident.pk, NotificationKind.MENTIONED),
        (follower.pk, NotificationKind.NEW_POST),
    }
    live = [e for e in events_sent() if e[1] == "notification.created"]
    assert sorted(e[0] for e in live) == sorted(
        [f"user.{other_resident.pk}", f"user.{follower.pk}"]
    )
    assert all(e[2]["unread"] == 1 for e in live)
    assert Post.objects.get(pk=post.pk).body.startswith("Vad tycker")


def test_a_mention_picks_the_longest_matching_name():
    from forum.mentions import mentioned_users

    anna = VerifiedUserFactory(display_name="Anna")
    anna_berg = VerifiedUserFactory(display_name="Anna Berg")
    assert mentioned_users("Hej @Anna Berg, läste du?") == [anna_berg]
    assert mentioned_users("Tack @anna.") == [anna]
    assert mentioned_users("mejla a@anna.se") == []


def test_a_mention_finds_names_that_end_in_a_parenthesis():
    from forum.mentions import mentioned_users

    demo = VerifiedUserFactory(display_name="Anna Andersson (demo)")
    VerifiedUserFactory(display_name="Anna Andersson")
    assert mentioned_users("Tack @Anna Andersson (demo)!") == [demo]
    assert mentioned_users("(Fråga @Anna Andersson (demo))") == [demo]
    assert mentioned_users("Hej @Anna Andersson (demo), läste du?") == [demo]
    assert [u.display_name for u in mentioned_users("@Anna Andersson (x)")] == [
        "Anna Andersson"
    ]


@pytest.mark.parametrize(
    ("next_url", "stays"),
    [
        ("/sv/moderering/", True),
        ("https://evil.example/phish", False),
        ("//evil.example/phish", False),
        ("http://testserver.evil.example/", False),
    ],
)
def test_after_moderating_a_post_next_leads_only_within_the_site(
    client, idea, resident, moderator, next_url, stays
):
    post = services.post_create(actor=resident, target=idea, body="Ett inlägg")
    client.force_login(moderator)
    with translation.override("sv"):
        address = reverse("forum:post_moderate", args=[post.pk])
    response = client.post(
        address, {"action": "hide", "reason": "Spam", "next": next_url}
    )
    assert response.status_code == 302
    assert (response["Location"] == next_url) is stays
    assert "evil" not in response["Location"]
