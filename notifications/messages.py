"""Notification text, written in the reader's language when it is shown or sent.

A notification stores values (a status such as "accepted"); the apps that own
them register their labels here (``register_labels("status", IdeaStatus)`` in
ideas' AppConfig.ready()), so the label is translated when it is read."""

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from notifications.models import Notification, NotificationKind

_labels: dict[str, type[TextChoices]] = {}


def register_labels(param: str, choices: type[TextChoices]) -> None:
    _labels[param] = choices


def label(param: str, value: str) -> str:
    choices = _labels.get(param)
    if choices is None or value not in choices.values:
        return value
    return str(choices(value).label)


def message_for(notification: Notification) -> str:
    params = notification.params
    title = params.get("title", "")
    if notification.kind == NotificationKind.STATUS_CHANGED:
        status = label("status", params["status"])
        return _("“%(title)s” is now: %(status)s.") % {
            "title": title,
            "status": status,
        }
    if notification.kind == NotificationKind.ANSWERED:
        return _("The city has answered “%(title)s”.") % {"title": title}
    if notification.kind == NotificationKind.PROMOTED:
        return _("“%(title)s” has become a project.") % {"title": title}
    if notification.kind == NotificationKind.IDEA_PUBLISHED:
        return _("A new idea in what you follow: “%(title)s”.") % {"title": title}
    # A deleted account's contributions are a former participant's.
    author = params.get("author") or _("A former participant")
    if notification.kind == NotificationKind.MENTIONED:
        return _("%(author)s mentioned you in “%(title)s”.") % {
            "author": author,
            "title": title,
        }
    if notification.kind == NotificationKind.NEW_POST:
        return _("%(author)s wrote in “%(title)s”.") % {
            "author": author,
            "title": title,
        }
    return title
