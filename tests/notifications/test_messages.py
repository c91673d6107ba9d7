"""A status change or an answer tells people what happened: the new status,
the public reason, who decided (role and unit), and a link to the idea's
timeline on the site they were using."""

import pytest
from django.urls import reverse
from django.utils import translation

from notifications import services
from notifications.messages import message_for
from notifications.models import Notification, NotificationKind
from notifications.tasks import email_for
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def follower_of(idea):
    person = VerifiedUserFactory(preferred_language="sv")
    services.follow_add(actor=person, target=idea)
    return person


def test_a_status_change_says_the_status_the_reason_and_who_decided(
    client, staff, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(title="Laddstolpar i Skärholmen")
    person = follower_of(idea)
    client.force_login(staff)
    with translation.override("sv"):
        url = reverse("ideas:status", args=[idea.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"status": "accepted", "reason": "Passar strategin väl."}
        )
    assert response.status_code == 302

    notification = Notification.objects.get(
        recipient=person, kind=NotificationKind.STATUS_CHANGED
    )
    with translation.override("sv"):
        said = message_for(notification)
    assert "”Laddstolpar i Skärholmen” har nu status: Antagen." in said
    assert "Motivering: Passar strategin väl." in said
    assert "Beslutat av stadens medarbetare, Trafikkontoret." in said
    # The e-mail links to the timeline on the site the change was made on.
    body = email_for(notification).body
    assert f"http://testserver{idea.get_absolute_url()}#timeline" in body
    assert "http://testserver/sv/notifications/unsubscribe/" in body


def test_an_answer_says_who_answered_and_mail_made_by_the_worker_uses_site_url(
    staff, settings, django_capture_on_commit_callbacks
):
    from ideas import workflow

    settings.SITE_URL = "https://idestad.stockholm.example"
    idea = IdeaFactory(title="Belysning i parken")
    person = follower_of(idea)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.idea_answer(actor=staff, idea=idea, text="Vi ser över belysningen.")

    notification = Notification.objects.get(recipient=person)
    assert notification.site == ""  # made outside a request
    with translation.override("sv"):
        assert message_for(notification) == (
            "Staden har svarat på ”Belysning i parken”. "
            "Besvarat av stadens medarbetare, Trafikkontoret."
        )
    body = email_for(notification).body
    assert (
        f"https://idestad.stockholm.example{idea.get_absolute_url()}#official-answer"
        in body
    )


def test_older_notifications_without_the_new_facts_still_read_well():
    old = Notification(
        kind=NotificationKind.STATUS_CHANGED,
        url="/sv/ideas/1/",
        params={"title": "Äldre idé", "status": "not_selected"},
    )
    with translation.override("sv"):
        assert message_for(old) == "”Äldre idé” har nu status: Inte vald."
