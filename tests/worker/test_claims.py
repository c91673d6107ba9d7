"""A notification claimed by a worker that then died, before its heartbeat
went quiet, is sent once the claim is stale, not dropped (a loaded machine
beats late, so the task can run again while the dead claim is still fresh)."""

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from notifications.tasks import send_notification_emails
from tests.ideas.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_a_fresh_claim_of_a_dead_worker_is_sent_once_it_is_stale(settings):
    settings.TASK_LEASE_SECONDS = 0.5
    person = VerifiedUserFactory()
    [notification] = services.notifications_create(
        kind="idea.answered",
        recipient_ids={person.pk},
        actor=None,
        url="/sv/ideas/1/",
        params={"title": "Belysning i parken"},
    )
    # The dead worker's claim, made just now.
    Notification.objects.filter(pk=notification.pk).update(
        email_claimed_at=timezone.now()
    )
    mail.outbox.clear()
    send_notification_emails.call(notification_ids=[notification.pk])
    assert [m.to for m in mail.outbox] == [[person.email]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # Run again: nothing more.
    send_notification_emails.call(notification_ids=[notification.pk])
    assert len(mail.outbox) == 1
