"""Reports from readers and moderators' decisions on ideas. Every moderator
action is written to the audit log (who, what, when, why)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditLogEntry, User
from accounts.services import audit_log
from common.limits import hold, refuse_over
from ideas.models import Flag, FlagReason, Idea
from notifications.models import NotificationKind
from notifications.services import notify_people_after_commit


@transaction.atomic
def idea_flag(*, actor: User, idea: Idea, reason: str, text: str = "") -> bool:
    """Report an idea; False if the person already has an open report on it.
    Reports from ``IDEA_FLAG_HIDE_THRESHOLD`` different people hide the idea
    until a moderator has looked at it."""
    refuse_too_many_reports(actor, Flag.objects.filter(user=actor))
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if not actor.has_perm("ideas.flag_idea", idea):
        raise PermissionDenied(_("You cannot report this idea."))
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if reason == FlagReason.OTHER and not text.strip():
        raise ValidationError({"text": _("Tell the moderators what is wrong.")})
    try:
        with transaction.atomic():
            Flag.objects.create(idea=idea, user=actor, reason=reason, text=text.strip())
    except IntegrityError:
        return False
    open_flags = idea.flags.filter(resolved_at__isnull=True)
    if (
        open_flags.values("user").distinct().count()
        >= settings.IDEA_FLAG_HIDE_THRESHOLD
    ):
        idea.hidden_at = timezone.now()
        idea.hidden_reason = ""  # shown as "hidden pending review"
        idea.save(update_fields=["hidden_at", "hidden_reason"])
    return True


def refuse_too_many_reports(actor: User, reports: QuerySet) -> None:
    """A person's reports per hour are limited, on ideas and posts alike. The
    person's row is locked first (before the reported row, in every path)."""
    hold(actor)
    refuse_over(
        reports,
        field="created_at",
        limit=settings.REPORTS_PER_HOUR,
        window=timedelta(hours=1),
        message=_(
            "You have sent %(n)s reports in the last hour, which is as many as "
            "one person may. The moderators have them; try again later."
        )
        % {"n": settings.REPORTS_PER_HOUR},
    )


def _check_moderator(actor: User) -> None:
    if not actor.has_perm("ideas.moderate_idea"):
        raise PermissionDenied


def _resolve_flags(idea: Idea) -> int:
    return idea.flags.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


@transaction.atomic
def idea_hide(*, actor: User, idea: Idea, reason: str) -> bool:
    """Hide an idea with a public reason; False if it already was (the reason is
    then updated)."""
    _check_moderator(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a public reason.")})
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    was_hidden = idea.hidden_at is not None
    idea.hidden_at = idea.hidden_at or timezone.now()
    idea.hidden_reason = reason
    idea.save(update_fields=["hidden_at", "hidden_reason"])
    _resolve_flags(idea)
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.IDEA_HIDDEN,
        target=None,
        idea_id=idea.pk,
        reason=reason,
    )
    notify_people_after_commit(
        kind=NotificationKind.CONTENT_HIDDEN,
        recipient_ids={idea.author_id},
        actor=actor,
        url=reverse("forum:appeal", args=["idea", idea.pk]),  # the reason, and appeal
        params={"title": idea.title, "reason": reason, "idea_id": idea.pk},
    )
    return not was_hidden


@transaction.atomic
def idea_restore(*, actor: User, idea: Idea, reason: str) -> bool:
    _check_moderator(actor)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.hidden_at is None:
        return False
    idea.hidden_at = None
    idea.hidden_reason = ""
    idea.save(update_fields=["hidden_at", "hidden_reason"])
    _resolve_flags(idea)
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.IDEA_RESTORED,
        target=None,
        idea_id=idea.pk,
        reason=reason.strip(),
    )
    return True


@transaction.atomic
def flags_dismiss(*, actor: User, idea: Idea, reason: str = "") -> int:
    """Close the open reports on a visible idea; returns how many."""
    _check_moderator(actor)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    dismissed = _resolve_flags(idea)
    if dismissed:
        audit_log(
            actor=actor,
            action=AuditLogEntry.Action.IDEA_FLAGS_DISMISSED,
            target=None,
            idea_id=idea.pk,
            count=dismissed,
            reason=reason.strip(),
        )
    return dismissed
