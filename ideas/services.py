"""Writes to ideas: submit, publish, edit, support, status and answers.

Every function checks permission itself and runs in one transaction. Counts on
an idea change only under that idea's row lock, so they equal the rows.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import AuditLogEntry, Organisation, User
from accounts.services import audit_log
from cms.models import ChallengePage, District, GoalPage, PhaseKind
from common.limits import hold, refuse_over
from ideas import media, ranking
from ideas.diff import html_diff, text_diff
from ideas.markdown import render_markdown
from ideas.models import Idea, IdeaKind, IdeaRevision, IdeaStatus, Support
from live.events import event_emit
from notifications.models import Notification, NotificationKind
from notifications.services import (
    follow_add,
    notify_followers_after_commit,
    notify_people_after_commit,
)

PILOT_FIELDS = ("pilot_what", "pilot_where", "pilot_duration", "pilot_needs")
ORGANISATION_KIND_FOR: dict[str, str] = {
    IdeaKind.PILOT: "company",
    IdeaKind.RESEARCH: "academia",
}


@dataclass
class IdeaData:
    """What a person writes; the same for a new idea and an edit."""

    title: str
    summary: str
    body: str
    goals: list[GoalPage]
    kind: str = IdeaKind.IDEA
    district: District | None = None
    challenge: ChallengePage | None = None
    organisation: Organisation | None = None
    tags: list[str] = field(default_factory=list)
    pilot_what: str = ""
    pilot_where: str = ""
    pilot_duration: str = ""
    pilot_needs: str = ""
    pilot_effect: str = ""


def _slug(title: str) -> str:
    return slugify(title)[:160] or "idea"


def _check_data(author: User, data: IdeaData, *, new_in_challenge: bool) -> None:
    """Rules that span fields and people; the form has checked each field."""
    errors: dict[str, list[str]] = {}
    if not data.goals:
        errors["goals"] = [_("Link the idea to at least one goal.")]
    if any(not goal.live for goal in data.goals):
        errors["goals"] = [_("One of the chosen goals does not exist.")]
    needed_kind = ORGANISATION_KIND_FOR.get(data.kind)
    if data.organisation is not None:
        if not data.organisation.memberships.filter(user=author).exists():
            errors["organisation"] = [
                _("You can only post on behalf of an organisation you belong to.")
            ]
        elif needed_kind and data.organisation.kind != needed_kind:
            errors["organisation"] = [_wrong_organisation_message(data.kind)]
    elif needed_kind:
        errors["organisation"] = [_wrong_organisation_message(data.kind)]
    if data.kind == IdeaKind.PILOT:
        for name in PILOT_FIELDS:
            if not getattr(data, name).strip():
                errors[name] = [_("A pilot proposal needs this.")]
    if new_in_challenge and data.challenge is not None:
        if not data.challenge.is_in_phase(PhaseKind.IDEATION):
            errors["challenge"] = [_challenge_closed_message(data.challenge)]
    if errors:
        raise ValidationError(errors)


def _wrong_organisation_message(kind: str) -> str:
    if kind == IdeaKind.PILOT:
        return _("A pilot proposal is made on behalf of a company you belong to.")
    return _(
        "A research collaboration is proposed on behalf of an academic "
        "organisation you belong to."
    )


def _challenge_closed_message(challenge: ChallengePage) -> str:
    phase = challenge.phase_of(PhaseKind.IDEATION)
    if phase is None:
        return _("This challenge does not take new ideas.")
    if phase.ends_on is None:
        return _("This challenge takes new ideas from %(start)s.") % phase.dates()
    return (
        _("This challenge takes new ideas from %(start)s to %(end)s only.")
        % phase.dates()
    )


def _apply(idea: Idea, data: IdeaData) -> None:
    for name in (
        "title", "summary", "body", "kind", "district", "challenge", "organisation",
        "pilot_what", "pilot_where", "pilot_duration", "pilot_needs", "pilot_effect",
    ):  # fmt: skip
        setattr(idea, name, getattr(data, name))
    idea.slug = _slug(data.title)
    idea.body_html = render_markdown(data.body)


@transaction.atomic
def idea_create(
    *,
    actor: User,
    data: IdeaData,
    publish: bool,
    on_behalf_of: User | None = None,
    image: tuple[UploadedFile, str] | None = None,
    attachment: tuple[UploadedFile, str] | None = None,
) -> Idea:
    """Save a draft, or publish at once, with an optional first picture (file,
    alt text) and PDF (file, title); more are added on the idea's media page.
    With ``on_behalf_of``, city staff write for a person they registered; the
    idea is theirs, marked as assisted."""
    author = actor
    if on_behalf_of is not None:
        if not actor.has_perm("accounts.assist_person", on_behalf_of):
            raise PermissionDenied
        author = on_behalf_of
    if not author.has_perm("ideas.add_idea"):
        raise PermissionDenied
    hold(author)
    refuse_over(
        Idea.objects.filter(author=author),
        field="created_at",
        limit=settings.IDEAS_PER_HOUR,
        window=timedelta(hours=1),
        message=_(
            "You have written %(n)s ideas in the last hour, which is as many as "
            "one person may. Save this one as text somewhere and try again later."
        )
        % {"n": settings.IDEAS_PER_HOUR},
    )
    _check_data(author, data, new_in_challenge=publish)
    # Files are checked before any row or file is written.
    prepared_image = media.prepare_image(*image) if image else None
    if attachment:
        media.check_attachment(attachment[0])
    idea = Idea(author=author, author_role=author.role)
    if on_behalf_of is not None:
        idea.assisted_by = actor
    _apply(idea, data)
    idea.full_clean(exclude=["goals", "tags", "body_html"])
    idea.save()
    idea.goals.set(data.goals)
    idea.tags.set(data.tags)
    if prepared_image is not None:
        media.store_image(idea, prepared_image)
    if attachment:
        media.store_attachment(idea, *attachment)
    if on_behalf_of is not None:
        audit_log(
            actor=actor,
            action=AuditLogEntry.Action.ASSISTED_CONTRIBUTION,
            target=author,
            idea_id=idea.pk,
        )
    if publish:
        _publish(idea, actor=author)
    return idea


def _publish(idea: Idea, *, actor: User) -> None:
    now = timezone.now()
    idea.published_at = now
    idea.heat = ranking.heat(now, ranking.PUBLISH_WEIGHT)
    idea.save(update_fields=["published_at", "heat"])
    # Nobody watches an idea's stream before it is public; partners' webhooks
    # learn of new ideas from this event (opendata/webhooks.py).
    event_emit(f"idea.{idea.pk}", "idea.published", {})
    follow_add(actor=actor, target=idea, check=False)
    targets: list = list(idea.goals.all())
    if idea.challenge_id:
        targets.append(idea.challenge)
    notify_followers_after_commit(
        kind=NotificationKind.IDEA_PUBLISHED,
        targets=targets,
        actor=actor,
        url=idea.get_absolute_url(),
        params={"title": idea.title, "idea_id": idea.pk},
    )


@transaction.atomic
def idea_publish(*, actor: User, idea: Idea) -> bool:
    """Publish a draft; False if it already is."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if not actor.has_perm("ideas.change_idea", idea):
        raise PermissionDenied
    if idea.is_published:
        return False
    data = IdeaData(
        title=idea.title,
        summary=idea.summary,
        body=idea.body,
        goals=list(idea.goals.all()),
        kind=idea.kind,
        challenge=idea.challenge,
        organisation=idea.organisation,
        **{name: getattr(idea, name) for name in (*PILOT_FIELDS, "pilot_effect")},
    )
    _check_data(idea.author or actor, data, new_in_challenge=True)
    _publish(idea, actor=actor)
    return True


@transaction.atomic
def idea_update(*, actor: User, idea: Idea, data: IdeaData) -> bool:
    """Edit an idea, as its author or a co-author. False when nothing changed.

    Until someone supports it, an idea is edited freely. After that, people
    stand behind its words: the text before the edit is kept as a revision,
    the idea shows as edited with the difference in its history, and its
    supporters are told (once until they have read it)."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if not actor.has_perm("ideas.change_idea", idea):
        raise PermissionDenied
    if idea.status in (IdeaStatus.WITHDRAWN, IdeaStatus.DUPLICATE):
        raise ValidationError(
            _("An idea that is “%(status)s” can no longer be edited.")
            % {"status": idea.get_status_display()}
        )
    if data.challenge != idea.challenge and idea.is_published:
        raise ValidationError(
            {"challenge": _("The challenge cannot be changed after publishing.")}
        )
    _check_data(idea.author or actor, data, new_in_challenge=False)
    if _unchanged(idea, data):
        return False
    text_changed = (idea.title, idea.summary, idea.body) != (
        data.title,
        data.summary,
        data.body,
    )
    if idea.is_published and idea.support_count > 0 and text_changed:
        _keep_revision(idea, data, actor=actor)
    _apply(idea, data)
    idea.full_clean(exclude=["goals", "tags", "body_html"])
    idea.save()
    idea.goals.set(data.goals)
    idea.tags.set(data.tags)
    return True


def _unchanged(idea: Idea, data: IdeaData) -> bool:
    return (
        (idea.title, idea.summary, idea.body) == (data.title, data.summary, data.body)
        and set(idea.goals.values_list("pk", flat=True)) == {g.pk for g in data.goals}
        and set(idea.tags.names()) == set(data.tags)
        and all(
            getattr(idea, name) == getattr(data, name)
            for name in ("kind", "district", "organisation", *PILOT_FIELDS)
        )
        and idea.pilot_effect == data.pilot_effect
    )


def _keep_revision(idea: Idea, data: IdeaData, *, actor: User) -> None:
    """Keep the text as it was with what the edit changes, mark the idea
    edited and tell its supporters."""
    now = timezone.now()
    IdeaRevision.objects.create(
        idea=idea,
        title=idea.title,
        summary=idea.summary,
        body=idea.body,
        title_diff=text_diff(idea.title, data.title),
        summary_diff=text_diff(idea.summary, data.summary),
        body_diff=html_diff(idea.body_html, render_markdown(data.body)),
        # A published idea has a publication time; edits start later.
        valid_from=idea.edited_at or idea.published_at or now,
        valid_until=now,
        edited_by=actor,
    )
    idea.edited_at = now
    supporters = set(
        Support.objects.filter(idea=idea).values_list("user_id", flat=True)
    )
    told_already = Notification.objects.filter(
        kind=NotificationKind.IDEA_EDITED,
        params__idea_id=idea.pk,
        read_at__isnull=True,
        recipient_id__in=supporters,
    ).values_list("recipient_id", flat=True)
    notify_people_after_commit(
        kind=NotificationKind.IDEA_EDITED,
        recipient_ids=supporters - set(told_already) - {actor.pk},
        actor=actor,
        url=reverse("ideas:history", args=[idea.pk]),
        params={"title": idea.title, "idea_id": idea.pk},
    )
