"""Notification text, written in the reader's language when it is shown or sent."""

from django.utils.translation import gettext as _

from ideas.models import IdeaStatus
from notifications.models import Notification, NotificationKind


def message_for(notification: Notification) -> str:
    params = notification.params
    title = params.get("title", "")
    if notification.kind == NotificationKind.STATUS_CHANGED:
        status = IdeaStatus(params["status"]).label
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
    if notification.kind == NotificationKind.MENTIONED:
        return _("%(author)s mentioned you in “%(title)s”.") % {
            "author": params.get("author", ""),
            "title": title,
        }
    if notification.kind == NotificationKind.NEW_POST:
        return _("%(author)s wrote in “%(title)s”.") % {
            "author": params.get("author", ""),
            "title": title,
        }
    return title
