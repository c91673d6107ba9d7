"""The author of hidden content, or a suspended person, is told the public
reason and how to appeal; the appeal reaches the moderation queue, and the
moderator's answer (restore, or keep the decision) reaches the person."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forum.models import Appeal
from forum.moderation import user_suspend
from ideas.models import Idea
from ideas.moderation import idea_hide
from notifications.messages import message_for
from notifications.models import Notification, NotificationKind
from tests.forum.factories import PostFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def said(notification: Notification) -> str:
    with translation.override("sv"):
        return message_for(notification)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_an_author_appeals_a_hidden_idea_and_a_moderator_restores_it(
    moderator, moderator_client, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(title="Kameror på torget")
    author = idea.author
    with django_capture_on_commit_callbacks(execute=True):
        idea_hide(actor=moderator, idea=idea, reason="Bilden visar personer.")
    notice = Notification.objects.get(recipient=author)
    assert notice.url == sv("forum:appeal", "idea", idea.pk)
    assert "Bilden visar personer." in said(notice)
    assert "kan du överklaga" in said(notice)

    client = signed_in(author)
    page = client.get(notice.url).content.decode()
    assert "Bilden visar personer." in page
    response = client.post(notice.url, {"text": "Personerna har gett sitt samtycke."})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.appellant, appeal.idea, appeal.decision) == (
        author,
        idea,
        "Bilden visar personer.",
    )

    queue = moderator_client.get(reverse("backoffice_moderation:index"))
    assert "Personerna har gett sitt samtycke." in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("backoffice_moderation:appeal", args=[appeal.pk]),
            {"action": "restore", "answer": "Tack, vi visar idén igen."},
        )
    idea.refresh_from_db()
    assert idea.hidden_at is None
    appeal.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.RESTORED and appeal.decided_by == moderator
    answer = Notification.objects.get(kind=NotificationKind.APPEAL_DECIDED)
    assert answer.recipient == author
    assert said(answer) == (
        "En moderator återställde ”Kameror på torget” efter din överklagan: "
        "Tack, vi visar idén igen."
    )
    assert "Återställd" in client.get(notice.url).content.decode()


def test_only_the_author_appeals_and_one_appeal_waits_at_a_time(moderator):
    idea = IdeaFactory()
    idea_hide(actor=moderator, idea=idea, reason="Reklam.")
    url = sv("forum:appeal", "idea", idea.pk)
    assert signed_in(VerifiedUserFactory()).get(url).status_code == 404
    visible = IdeaFactory()
    own = signed_in(visible.author)
    refused = own.post(sv("forum:appeal", "idea", visible.pk), {"text": "x" * 20})
    assert refused.status_code == 400 and not Appeal.objects.exists()

    author = signed_in(idea.author)
    assert author.post(url, {"text": "kort"}).status_code == 400
    assert (
        author.post(url, {"text": "Det är inte reklam, det är en idé."}).status_code
        == 302
    )
    again = author.post(url, {"text": "Jag försöker igen med samma sak."})
    assert again.status_code == 400
    assert "Du har redan överklagat" in again.content.decode()
    assert Appeal.objects.count() == 1
    assert "Väntar på en moderator." in author.get(url).content.decode()


def test_a_hidden_post_can_be_appealed(moderator):
    from forum.moderation import post_hide

    post = PostFactory(body="Min kommentar om parken.")
    post_hide(actor=moderator, post=post, reason="Off topic.")
    client = signed_in(post.author)
    url = sv("forum:appeal", "post", post.pk)
    assert (
        client.post(url, {"text": "Den handlar om parken i idén."}).status_code == 302
    )
    assert Appeal.objects.get().post == post


def test_a_suspended_person_appeals_and_the_moderator_keeps_the_suspension(
    moderator, moderator_client, django_capture_on_commit_callbacks
):
    person = VerifiedUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        user_suspend(actor=moderator, user=person, days=7, reason="Hot mot andra.")
    notice = Notification.objects.get(recipient=person)
    assert notice.url == sv("forum:appeal_suspension")
    client = signed_in(person)
    client.post(notice.url, {"text": "Jag menade inget hot, det var ett skämt."})
    appeal = Appeal.objects.get()
    assert appeal.about == "suspension"
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("backoffice_moderation:appeal", args=[appeal.pk]),
            {"action": "uphold", "answer": "Orden var ett hot."},
        )
    person.refresh_from_db()
    assert person.is_suspended
    answer = Notification.objects.get(kind=NotificationKind.APPEAL_DECIDED)
    assert said(answer) == (
        "En moderator behöll din avstängning efter din överklagan: Orden var ett hot."
    )
    # Decided once: a second answer is refused.
    moderator_client.post(
        reverse("backoffice_moderation:appeal", args=[appeal.pk]),
        {"action": "restore", "answer": "Ändrade mig."},
    )
    person.refresh_from_db()
    assert person.is_suspended


def test_residents_cannot_decide_appeals(client, moderator):
    idea = IdeaFactory()
    idea_hide(actor=moderator, idea=idea, reason="Reklam.")
    appeal = Appeal.objects.create(
        appellant=idea.author, idea=idea, decision="Reklam.", text="Snälla titta igen."
    )
    client.force_login(VerifiedUserFactory())
    response = client.post(
        reverse("backoffice_moderation:appeal", args=[appeal.pk]),
        {"action": "restore", "answer": "Visst."},
    )
    assert response.status_code in (302, 403)
    assert Idea.objects.get(pk=idea.pk).hidden_at is not None
