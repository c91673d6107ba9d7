"""E-mail for notifications, sent by the task worker (``manage.py task_worker``).

Each notification is e-mailed once, across crashes and retries:

- before sending, a worker claims the notification (``email_claimed_at``, a
  committed conditional update): two workers never send the same one, and a
  retried task skips what is already sent or being sent;
- after the mail server has taken it, the notification is marked ``emailed_at``;
- a worker that dies between the two leaves a claim older than the task lease;
  the task is queued again (worker/lease.py) and the claim may be taken over.
  The mail is then sent again with the same ``Message-ID``, derived from the
  notification, so the rare one that had already reached the mail server in the
  instant before the crash is one message to mail systems and mail readers, and
  none is ever lost.
"""

import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from common.site import site_url
from notifications.messages import message_for
from notifications.models import Notification
from notifications.unsubscribe import unsubscribe_url


@task()
def notify_followers(
    *,
    kind: str,
    targets: list[list[int]],
    actor_id: int | None,
    url: str,
    params: dict,
    site: str,
) -> int:
    """The followers' notifications of a committed change
    (services.notify_followers_after_commit)."""
    from notifications.services import followers_notify

    return followers_notify(
        kind=kind,
        targets=targets,
        actor_id=actor_id,
        url=url,
        params=params,
        site=site,
    )


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send each notification not yet e-mailed; safe to run twice.

    A notification another worker claimed within its lease is not skipped for
    good: that worker may have died before its heartbeat stopped (a loaded
    machine beats late), so the task looks again once the claim is stale."""
    sent = 0
    claimed_elsewhere = []
    for pk in sorted(notification_ids):
        if not claim(pk):
            if Notification.objects.filter(pk=pk, emailed_at__isnull=True).exists():
                claimed_elsewhere.append(pk)
            continue
        notification = Notification.objects.select_related("recipient").get(pk=pk)
        if notification.recipient.email:
            email_for(notification).send()
            sent += 1
        Notification.objects.filter(pk=pk).update(emailed_at=timezone.now())
    if claimed_elsewhere:
        _look_again_later(claimed_elsewhere)
    return sent


def _look_again_later(notification_ids: list[int]) -> None:
    """Queue the same task for when the other worker's claim will be stale; a
    backend that cannot wait (the synchronous one of tests) runs it after a
    pause instead."""
    wait = timedelta(seconds=settings.TASK_LEASE_SECONDS + 1)
    if send_notification_emails.get_backend().supports_defer:
        send_notification_emails.using(run_after=timezone.now() + wait).enqueue(
            notification_ids=notification_ids
        )
    else:
        time.sleep(wait.total_seconds())
        send_notification_emails.call(notification_ids=notification_ids)


def claim(pk: int) -> bool:
    """True when this worker may send notification ``pk`` now: not sent, and not
    claimed by a worker that is still within its lease."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    return bool(
        Notification.objects.filter(pk=pk, emailed_at__isnull=True)
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=stale))
        .update(email_claimed_at=now)
    )


def message_id(notification: Notification) -> str:
    """The same for every attempt at one notification, unique across sites."""
    domain = urlsplit(settings.SITE_URL).hostname or "idestad.localhost"
    return f"<notification-{notification.pk}@{domain}>"


def email_for(notification: Notification) -> EmailMessage:
    recipient = notification.recipient
    with translation.override(recipient.preferred_language):
        site = site_url(notification.site)
        stop = unsubscribe_url(recipient, notification.kind, site)
        body = _(
            "%(message)s\n\nRead more: %(url)s\n\nYou get this e-mail because "
            "you follow this on Idéstad. Stop e-mail like this with one click: "
            "%(unsubscribe)s\nChoose what you get by e-mail here: %(preferences)s"
        ) % {
            "message": message_for(notification),
            "url": site + notification.url,
            "unsubscribe": stop,
            "preferences": site + reverse("notifications:preferences"),
        }
        return EmailMessage(
            _("News on Idéstad"),
            body,
            to=[recipient.email],
            headers={
                "Message-ID": message_id(notification),
                "List-Unsubscribe": f"<{stop}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
