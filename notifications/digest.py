"""The daily digest: one e-mail per person per day with the notifications they
chose to get that way, grouped by what they follow, with a one-click
unsubscribe link per kind. Run once a day: ``manage.py send_digests``."""

from collections import defaultdict

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from common.site import site_url
from notifications.messages import message_for
from notifications.models import Delivery, DigestSent, Notification, NotificationKind
from notifications.services import delivery_for
from notifications.unsubscribe import ALL, unsubscribe_url


def _pending_by_person() -> dict[User, list[Notification]]:
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    grouped: dict[User, list[Notification]] = defaultdict(list)
    for notification in pending:
        person = notification.recipient
        preference = delivery_for(person.notification_preferences, notification.kind)
        if preference == Delivery.DIGEST and person.email and person.is_active:
            grouped[person].append(notification)
    return grouped


def digest_body(person: User, notifications: list[Notification]) -> str:
    by_subject: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        by_subject[notification.params.get("title", "")].append(notification)
    lines = [_("Here is what happened in what you follow on Idéstad."), ""]
    for subject, items in by_subject.items():
        lines.append(f"== {subject} ==" if subject else "==")
        for item in items:
            lines.append(f"- {message_for(item)}")
            lines.append(f"  {site_url(item.site)}{item.url}")
        lines.append("")
    # The footer's links go to the site of the latest change.
    site = site_url(notifications[-1].site)
    lines.append(_("Stop these e-mails with one click:"))
    for kind in sorted({n.kind for n in notifications}):
        lines.append(
            f"- {NotificationKind(kind).label}: {unsubscribe_url(person, kind, site)}"
        )
    lines.append(
        _("Choose what you get by e-mail: %(url)s")
        % {"url": site + reverse("notifications:preferences")}
    )
    return "\n".join(lines)


def send_digest(person: User, notifications: list[Notification]) -> bool:
    """Send today's digest to ``person`` unless one already went out today."""
    today = timezone.localdate()
    site = site_url(notifications[-1].site)
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=person, day=today)
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                emailed_at=timezone.now()
            )
            with translation.override(person.preferred_language):
                message = EmailMessage(
                    _("Your day on Idéstad"),
                    digest_body(person, notifications),
                    to=[person.email],
                    headers={
                        # RFC 8058: mail programs offer their own one-click button.
                        "List-Unsubscribe": f"<{unsubscribe_url(person, ALL, site)}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    },
                )
                # Inside the transaction: if sending fails, nothing is marked
                # sent and tomorrow's run (or a rerun) tries again.
                message.send()
    except IntegrityError:
        return False
    return True


def send_digests() -> int:
    """Send every due digest; returns how many went out. Safe to run twice."""
    return sum(
        send_digest(person, notifications)
        for person, notifications in _pending_by_person().items()
    )
