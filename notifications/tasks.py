"""E-mail for notifications, sent by the task worker (``manage.py db_worker``)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from notifications.messages import message_for
from notifications.models import Notification
from notifications.unsubscribe import unsubscribe_url


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send each notification not yet e-mailed; safe to run twice."""
    sent = 0
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient")
    for notification in pending:
        recipient = notification.recipient
        if not recipient.email:
            continue
        with translation.override(recipient.preferred_language):
            stop = unsubscribe_url(recipient, notification.kind)
            body = _(
                "%(message)s\n\nRead more: %(url)s\n\nYou get this e-mail because "
                "you follow this on Idéstad. Stop e-mail like this with one click: "
                "%(unsubscribe)s\nChoose what you get by e-mail here: %(preferences)s"
            ) % {
                "message": message_for(notification),
                "url": settings.SITE_URL + notification.url,
                "unsubscribe": stop,
                "preferences": settings.SITE_URL + reverse("notifications:preferences"),
            }
            EmailMessage(
                _("News on Idéstad"),
                body,
                to=[recipient.email],
                headers={
                    "List-Unsubscribe": f"<{stop}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            ).send()
        Notification.objects.filter(pk=notification.pk).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent
