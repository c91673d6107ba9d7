"""The official status workflow and answers, by moderators and city staff.

submitted → under review → accepted | not selected | duplicate → project →
implemented. "project" is reached only by promoting an idea into a project.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditLogEntry, User
from accounts.services import audit_log
from common.parsing import plain_text
from ideas import ranking
from ideas.markdown import render_markdown
from ideas.models import Idea, IdeaStatus, StatusChange, Support
from ideas.supports import supports_recount
from live.events import event_emit
from notifications.models import NotificationKind
from notifications.services import (
    follower_ids,
    follows_move,
    notify_followers_after_commit,
    notify_people_after_commit,
)

S = IdeaStatus
TRANSITIONS: dict[str, set[str]] = {
    S.SUBMITTED: {S.UNDER_REVIEW, S.ACCEPTED, S.NOT_SELECTED, S.DUPLICATE},
    S.UNDER_REVIEW: {S.ACCEPTED, S.NOT_SELECTED, S.DUPLICATE},
    S.ACCEPTED: {S.UNDER_REVIEW},
    S.NOT_SELECTED: {S.UNDER_REVIEW},
    S.DUPLICATE: set(),
    S.PROJECT: {S.IMPLEMENTED},
    S.IMPLEMENTED: set(),
    S.WITHDRAWN: set(),
}
# What an author may withdraw: ideas the city has not made a project of.
WITHDRAWABLE = {S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.NOT_SELECTED}


# Statuses that decide an idea: reaching one, with its public reason, answers it.
DECISIONS = {S.ACCEPTED, S.NOT_SELECTED, S.DUPLICATE, S.PROJECT, S.IMPLEMENTED}


def allowed_next(idea: Idea) -> list[str]:
    return [s for s in S.values if s in TRANSITIONS[idea.status]]


@transaction.atomic
def idea_status_change(
    *,
    actor: User,
    idea: Idea,
    status: str,
    reason: str,
    duplicate_of: Idea | None = None,
) -> StatusChange:
    if not actor.has_perm("ideas.change_status_idea", idea):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a public reason for the change.")})
    locked = _lock(idea, duplicate_of)
    idea = locked[idea.pk]
    if not idea.is_published:
        raise ValidationError(_("A draft has no official status."))
    if status not in TRANSITIONS[idea.status]:
        raise ValidationError(
            {
                "status": _("An idea that is “%(old)s” cannot become “%(new)s”.")
                % {"old": idea.get_status_display(), "new": S(status).label}
            }
        )
    original = None
    if status == S.DUPLICATE:
        original = locked.get(duplicate_of.pk) if duplicate_of else None
        _check_original(idea, original)
        # Everyone who took part is told where the conversation went, once.
        told = _people_of(idea) - {actor.pk}
        _move_supports(idea, original)
        follows_move(source=idea, target=original)
        idea.duplicate_of = original
    change = StatusChange.objects.create(
        idea=idea,
        old_status=idea.status,
        new_status=status,
        reason=reason,
        actor=actor,
        actor_role=actor.role,
        actor_unit=actor.unit,
    )
    idea.status = status
    if status in DECISIONS and idea.first_answered_at is None:
        # A decision with its public reason is the city's answer.
        idea.first_answered_at = change.at
    idea.save(update_fields=["status", "duplicate_of", "first_answered_at"])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.IDEA_STATUS_CHANGED,
        target=None,
        idea_id=idea.pk,
        old=change.old_status,
        new=status,
    )
    event_emit(
        f"idea.{idea.pk}",
        "idea.status_changed",
        {"status": status, "reason": reason, "actor_role": actor.role},
    )
    facts = {
        "title": idea.title,
        "idea_id": idea.pk,
        "reason": reason,
        **_official(actor),
    }
    if original is not None:
        notify_people_after_commit(
            kind=NotificationKind.MERGED,
            recipient_ids=told,
            actor=actor,
            url=original.get_absolute_url() + "#merged",
            params={**facts, "original": original.title, "original_id": original.pk},
        )
    else:
        notify_followers_after_commit(
            kind=NotificationKind.STATUS_CHANGED,
            targets=[idea],
            actor=actor,
            url=idea.get_absolute_url() + "#timeline",
            params={**facts, "status": status},
        )
    return change


@transaction.atomic
def idea_withdraw(*, actor: User, idea: Idea, reason: str) -> StatusChange:
    """The author withdraws a published idea instead of deleting it: it stays,
    with its history and discussion, marked "withdrawn" with the reason;
    support closes and everyone who supports or follows it is told."""
    if not actor.has_perm("ideas.withdraw_idea", idea):
        raise PermissionDenied
    reason = plain_text(reason, maximum=500).strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Tell the supporters why you withdraw the idea.")}
        )
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if not idea.is_published:
        raise ValidationError(_("A draft is not withdrawn; it is only yours."))
    if idea.status not in WITHDRAWABLE:
        raise ValidationError(
            _("An idea that is “%(status)s” cannot be withdrawn.")
            % {"status": idea.get_status_display()}
        )
    change = StatusChange.objects.create(
        idea=idea,
        old_status=idea.status,
        new_status=S.WITHDRAWN,
        reason=reason,
        actor=actor,
        actor_role=actor.role,
    )
    idea.status = S.WITHDRAWN
    idea.save(update_fields=["status"])
    event_emit(
        f"idea.{idea.pk}",
        "idea.status_changed",
        {"status": S.WITHDRAWN, "reason": reason, "actor_role": actor.role},
    )
    supporters = Support.objects.filter(idea=idea).values_list("user_id", flat=True)
    notify_people_after_commit(
        kind=NotificationKind.STATUS_CHANGED,
        recipient_ids=(set(supporters) | follower_ids([idea])) - {actor.pk},
        actor=actor,
        url=idea.get_absolute_url() + "#timeline",
        params={
            "title": idea.title,
            "idea_id": idea.pk,
            "status": S.WITHDRAWN,
            "reason": reason,
            "by_author": True,
        },
    )
    return change


def _people_of(idea: Idea) -> set[int]:
    """The author, the supporters, the commenters and the followers of an idea
    (comments through the reverse relation: forum is above ideas)."""
    supporters = Support.objects.filter(idea=idea).values_list("user_id", flat=True)
    commenters = idea.comments.exclude(author=None).values_list("author_id", flat=True)
    author = {idea.author_id} if idea.author_id else set()
    return author | set(supporters) | set(commenters) | follower_ids([idea])


def _lock(idea: Idea, other: Idea | None) -> dict[int, Idea]:
    """Lock the idea (and the original of a duplicate) in id order."""
    ids = sorted({idea.pk, *([other.pk] if other else [])})
    return {i.pk: i for i in Idea.objects.select_for_update().filter(pk__in=ids)}


def _check_original(idea: Idea, original: Idea | None) -> None:
    if original is None or original.pk == idea.pk:
        raise ValidationError(
            {"duplicate_of": _("Choose the original idea this one repeats.")}
        )
    if not original.is_published or original.status == S.DUPLICATE:
        raise ValidationError(
            {"duplicate_of": _("The original must be a published, unique idea.")}
        )


def _move_supports(duplicate: Idea, original: Idea) -> None:
    """Supporters of the duplicate now support the original, each counted once:
    a person who supports both, or who wrote the original, is not moved."""
    already = Support.objects.filter(idea=original).values("user_id")
    supports = Support.objects.filter(idea=duplicate)
    movable = supports.exclude(user_id__in=already).exclude(user_id=original.author_id)
    moved = list(movable.values_list("pk", "created_at"))
    movable.update(idea=original)
    supports.delete()  # what is left would count twice
    original.heat += sum(ranking.heat(at, ranking.SUPPORT_WEIGHT) for _pk, at in moved)
    original.save(update_fields=["heat"])
    supports_recount([original.pk, duplicate.pk])
    duplicate.refresh_from_db(fields=["support_count", "support_role_counts"])


@transaction.atomic
def idea_answer(*, actor: User, idea: Idea, text: str) -> Idea:
    """Give (or replace) the city's official answer, shown with role and unit."""
    if not actor.has_perm("ideas.answer_idea", idea):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if not idea.is_published:
        raise ValidationError(_("A draft cannot be answered."))
    idea.official_answer = text
    idea.official_answer_html = render_markdown(text)
    idea.answered_by = actor
    idea.answered_by_unit = actor.unit
    idea.answered_at = timezone.now()
    idea.first_answered_at = idea.first_answered_at or idea.answered_at
    idea.save(
        update_fields=[
            "official_answer",
            "official_answer_html",
            "answered_by",
            "answered_by_unit",
            "answered_at",
            "first_answered_at",
        ]
    )
    notify_followers_after_commit(
        kind=NotificationKind.ANSWERED,
        targets=[idea],
        actor=actor,
        url=idea.get_absolute_url() + "#official-answer",
        params={"title": idea.title, "idea_id": idea.pk, **_official(actor)},
    )
    return idea


def _official(actor: User) -> dict[str, str]:
    """Who decided or answered, as the public sees them: role and unit."""
    return {"by_role": actor.role, "by_unit": actor.unit}


@transaction.atomic
def idea_assign(
    *, actor: User, ideas: list[Idea], assignee: User | None, unit: str
) -> int:
    """Ask a staff member and/or a unit to answer ``ideas``; returns how many
    changed. The assignee must be an official and is told by notification."""
    if not actor.has_perm("ideas.assign_idea"):
        raise PermissionDenied
    unit = plain_text(unit, maximum=120).strip()
    if assignee is not None and not assignee.has_perm("ideas.answer_idea"):
        raise ValidationError(
            {"assignee": _("Only moderators and city staff can answer ideas.")}
        )
    if assignee is not None and not unit:
        unit = assignee.unit
    locked = Idea.objects.select_for_update().filter(pk__in=[i.pk for i in ideas])
    changed = [
        idea
        for idea in locked.order_by("pk")
        if (idea.assigned_to_id, idea.assigned_unit)
        != (assignee.pk if assignee else None, unit)
    ]
    for idea in changed:
        idea.assigned_to = assignee
        idea.assigned_unit = unit
        idea.save(update_fields=["assigned_to", "assigned_unit"])
        audit_log(
            actor=actor,
            action=AuditLogEntry.Action.IDEA_ASSIGNED,
            target=assignee,
            idea_id=idea.pk,
            unit=unit,
        )
        if assignee is not None and assignee.pk != actor.pk:
            notify_people_after_commit(
                kind=NotificationKind.ASSIGNED,
                recipient_ids={assignee.pk},
                actor=actor,
                url=idea.get_absolute_url(),
                params={"title": idea.title, "idea_id": idea.pk},
            )
    return len(changed)
