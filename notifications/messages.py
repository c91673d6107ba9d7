"""Notification text, written in the reader's language when it is shown or sent.

A notification stores values (a status such as "accepted"); the apps that own
them register their labels here (``register_labels("status", IdeaStatus)`` in
ideas' AppConfig.ready()), so the label is translated when it is read."""

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from accounts.models import Role
from notifications.models import Notification, NotificationKind

_labels: dict[str, type[TextChoices]] = {"role": Role}


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
        said = [
            _("“%(title)s” is now: %(status)s.") % {"title": title, "status": status}
        ]
        if params.get("reason"):
            said.append(_("Reason: %(reason)s") % {"reason": params["reason"]})
        if params.get("by_author"):
            said.append(_("Withdrawn by its author."))
        elif who := _official(params):
            said.append(_("Decided by %(who)s.") % {"who": who})
        return " ".join(said)
    if notification.kind == NotificationKind.IDEA_EDITED:
        return _(
            "The author has edited “%(title)s” since you supported it. "
            "See what changed."
        ) % {"title": title}
    if notification.kind == NotificationKind.ANSWERED:
        said = [_("The city has answered “%(title)s”.") % {"title": title}]
        if who := _official(params):
            said.append(_("Answered by %(who)s.") % {"who": who})
        return " ".join(said)
    if notification.kind == NotificationKind.MERGED:
        said = [
            _(
                "“%(title)s” repeated “%(original)s” and has been merged into it; "
                "its supports, followers and comments are there now."
            )
            % {"title": title, "original": params.get("original", "")}
        ]
        if params.get("reason"):
            said.append(_("Reason: %(reason)s") % {"reason": params["reason"]})
        if who := _official(params):
            said.append(_("Decided by %(who)s.") % {"who": who})
        return " ".join(said)
    if notification.kind == NotificationKind.PROJECT_NEWS:
        return _project_news(params)
    if notification.kind == NotificationKind.PROMOTED:
        return _("“%(title)s” has become a project.") % {"title": title}
    moderation = _moderation_message(notification.kind, params)
    if moderation:
        return moderation
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


def _project_news(params: dict) -> str:
    """A new or reached milestone, a measured value, a report or a new status
    of a followed project."""
    facts = {key: params.get(key, "") for key in (
        "title", "milestone", "due", "indicator", "value", "unit", "year")}  # fmt: skip
    what = params.get("what")
    if what == "milestone_added":
        return _("New milestone in “%(title)s”: %(milestone)s, due %(due)s.") % facts
    if what == "milestone_completed":
        return _("Milestone reached in “%(title)s”: %(milestone)s.") % facts
    if what == "indicator_measured":
        return (
            _("New value for “%(indicator)s” in “%(title)s”: %(value)s %(unit)s.")
            % facts
        ).replace("  ", " ")
    if what == "report":
        return _("The follow-up report %(year)s for “%(title)s” is published.") % facts
    if what == "status":
        status = label("project_status", params.get("status", ""))
        return _("The project “%(title)s” is now: %(status)s.") % {
            "title": facts["title"],
            "status": status,
        }
    return facts["title"]


def _appeal_answer(params: dict) -> str:
    facts = {"title": params.get("title", ""), "answer": params.get("answer", "")}
    restored = params.get("outcome") == "restored"
    if params.get("about") == "suspension":
        if restored:
            text = _("A moderator lifted your suspension after your appeal: %(answer)s")
        else:
            text = _("A moderator kept your suspension after your appeal: %(answer)s")
    elif restored:
        text = _("A moderator restored “%(title)s” after your appeal: %(answer)s")
    else:
        text = _("A moderator kept “%(title)s” hidden after your appeal: %(answer)s")
    return text % facts


def _official(params: dict) -> str:
    """ "city staff, Trafikkontoret": the role and unit of whoever decided."""
    if not params.get("by_role"):
        return ""
    role = label("role", params["by_role"])
    role = role[:1].lower() + role[1:]  # mid-sentence: "decided by city staff"
    unit = params.get("by_unit", "")
    return _("%(role)s, %(unit)s") % {"role": role, "unit": unit} if unit else role


def _moderation_message(kind: str, params: dict) -> str:
    """What a moderator or the city decided about the reader's own content,
    account or duties, with the public reason."""
    facts = {
        "title": params.get("title", ""),
        "reason": params.get("reason", ""),
        "until": params.get("until", ""),
        "year": params.get("year", ""),
    }
    appeal = _("If you think this is wrong, you can appeal: follow the link.")
    if kind == NotificationKind.CONTENT_HIDDEN:
        hidden = _("A moderator hid “%(title)s”. Reason: %(reason)s")
        return f"{hidden % facts} {appeal}"
    if kind == NotificationKind.SUSPENDED:
        suspended = _(
            "A moderator suspended your account until %(until)s. Reason: %(reason)s"
        )
        return f"{suspended % facts} {appeal}"
    if kind == NotificationKind.APPEAL_DECIDED:
        return _appeal_answer(params)
    if kind == NotificationKind.ORGANISATION_DECIDED:
        if params.get("verified"):
            return _("The city has verified your organisation “%(title)s”.") % facts
        if params.get("withdrawn"):
            return (
                _(
                    "The city has withdrawn the verification of “%(title)s”. "
                    "Reason: %(reason)s"
                )
                % facts
            )
        return _("The city could not verify “%(title)s”. Reason: %(reason)s") % facts
    if kind == NotificationKind.ASSIGNED:
        return _("You have been asked to answer “%(title)s”.") % facts
    if kind == NotificationKind.REPORT_DUE:
        return _("The follow-up report %(year)s for “%(title)s” is missing.") % facts
    return ""
