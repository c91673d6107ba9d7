"""Promoting accepted ideas into projects, and the projects' follow-up:
milestones, indicators with measured values, and annual reports."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import AuditLogEntry, User
from accounts.services import audit_log
from cms.models import GoalPage
from ideas.markdown import render_markdown
from ideas.models import (
    FollowUpReport,
    Idea,
    IdeaStatus,
    Indicator,
    IndicatorValue,
    Milestone,
    Project,
    StatusChange,
    Support,
)
from live.events import event_emit
from notifications.models import NotificationKind
from notifications.services import (
    follower_ids,
    followers_add,
    notify_followers_after_commit,
    notify_people_after_commit,
)


@dataclass
class ProjectData:
    title: str
    summary: str
    kind: str
    owner_kind: str
    owner_name: str
    contact: str
    starts_on: date
    description: str = ""
    budget: Decimal | None = None
    ends_on: date | None = None
    status: str = Project.Status.PLANNED
    progress: int = 0


@dataclass
class IndicatorData:
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str = Indicator.Direction.INCREASE
    goal: GoalPage | None = None


def _apply(project: Project, data: ProjectData) -> None:
    for name, value in vars(data).items():
        setattr(project, name, value)
    project.slug = slugify(data.title)[:160] or "project"
    project.description_html = render_markdown(data.description)
    if data.ends_on and data.ends_on < data.starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})
    project.full_clean(exclude=["origin_ideas", "goals", "owners", "description_html"])


@transaction.atomic
def project_promote(
    *,
    actor: User,
    ideas: list[Idea],
    data: ProjectData,
    reason: str,
    indicators: list[IndicatorData] = (),
    owners: list[User] = (),
) -> Project:
    """Turn one accepted idea, or several merged ones, into a project. Each idea
    moves to "project" in its public timeline, and its followers are told."""
    if not actor.has_perm("ideas.promote_idea"):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a public reason for the change.")})
    locked = list(
        Idea.objects.select_for_update()
        .filter(pk__in=[i.pk for i in ideas])
        .order_by("pk")
    )
    if not locked:
        raise ValidationError({"ideas": _("Choose at least one idea.")})
    not_accepted = [i.title for i in locked if i.status != IdeaStatus.ACCEPTED]
    if not_accepted:
        raise ValidationError(
            {
                "ideas": _("Only accepted ideas can become a project: %(titles)s.")
                % {"titles": ", ".join(not_accepted)}
            }
        )
    project = Project()
    _apply(project, data)
    project.save()
    project.origin_ideas.set(locked)
    project.goals.set({goal for idea in locked for goal in idea.goals.all()})
    project.owners.set(owners)
    for indicator in indicators:
        Indicator.objects.create(project=project, **vars(indicator))
    for idea in locked:
        StatusChange.objects.create(
            idea=idea,
            old_status=idea.status,
            new_status=IdeaStatus.PROJECT,
            reason=reason,
            actor=actor,
            actor_role=actor.role,
            actor_unit=actor.unit,
        )
        idea.status = IdeaStatus.PROJECT
        idea.first_answered_at = idea.first_answered_at or timezone.now()
        idea.save(update_fields=["status", "first_answered_at"])
        audit_log(
            actor=actor,
            action=AuditLogEntry.Action.IDEA_PROMOTED,
            target=None,
            idea_id=idea.pk,
            project_id=project.pk,
        )
        notify_followers_after_commit(
            kind=NotificationKind.PROMOTED,
            targets=[idea],
            actor=actor,
            url=project.get_absolute_url(),
            params={"title": idea.title, "idea_id": idea.pk, "project_id": project.pk},
        )
    # Whoever wrote, supported or followed an idea follows what became of it.
    supporters = Support.objects.filter(idea__in=locked).values_list(
        "user_id", flat=True
    )
    authors = {idea.author_id for idea in locked if idea.author_id}
    people = set(supporters) | authors | follower_ids(locked)
    followers_add(user_ids=people, target=project)
    return project


def _tell_followers(
    actor: User, project: Project, anchor: str, **facts: object
) -> None:
    """News of a project to its followers (digest by default), after commit."""
    notify_followers_after_commit(
        kind=NotificationKind.PROJECT_NEWS,
        targets=[project],
        actor=actor,
        url=project.get_absolute_url() + (f"#{anchor}" if anchor else ""),
        params={"title": project.title, "project_id": project.pk, **facts},
    )


@transaction.atomic
def project_create(
    *,
    actor: User,
    data: ProjectData,
    goals: list[GoalPage],
    indicators: list[IndicatorData] = (),
    owners: list[User] = (),
) -> Project:
    """A priority project that the strategy names itself rather than one that
    grew out of ideas (ideas can still be promoted into projects of their own).
    Those who may promote ideas may create one."""
    if not actor.has_perm("ideas.promote_idea"):
        raise PermissionDenied
    if not goals:
        raise ValidationError({"goals": _("Link the project to at least one goal.")})
    project = Project()
    _apply(project, data)
    project.save()
    project.goals.set(goals)
    project.owners.set(owners)
    for indicator in indicators:
        Indicator.objects.create(project=project, **vars(indicator))
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.PROJECT_CREATED,
        target=None,
        project_id=project.pk,
    )
    return project


def _check_editor(actor: User, project: Project) -> None:
    if not actor.has_perm("ideas.change_project", project):
        raise PermissionDenied


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: Project,
    data: ProjectData,
    owners: list[User] | None = None,
) -> Project:
    """Edit a project; only moderators choose its owner staff (``owners``)."""
    _check_editor(actor, project)
    if owners is not None and not actor.has_perm("ideas.promote_idea"):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    old_status = project.status
    _apply(project, data)
    project.save()
    if owners is not None:
        project.owners.set(owners)
    if project.status != old_status:
        _tell_followers(actor, project, "", what="status", status=project.status)
    _project_event(project, "details")
    return project


def _project_event(project: Project, what: str) -> None:
    """A change to a project that has no event of its own (partners' webhooks
    hear of it as "project updated")."""
    event_emit(f"project.{project.pk}", "project.updated", {"what": what})


@transaction.atomic
def milestone_add(
    *, actor: User, project: Project, title: str, due_on: date, done_on: date | None
) -> Milestone:
    _check_editor(actor, project)
    last = project.milestones.aggregate(last=Max("position"))["last"]
    milestone = Milestone(
        project=project,
        title=title,
        due_on=due_on,
        done_on=done_on,
        position=0 if last is None else last + 1,
    )
    milestone.full_clean()
    milestone.save()
    _milestone_event(project, milestone, "milestone.added")
    _tell_followers(
        actor, project, "milestones-heading",
        what="milestone_completed" if done_on else "milestone_added",
        milestone=title, due=due_on.isoformat(),
    )  # fmt: skip
    return milestone


def _milestone_event(project: Project, milestone: Milestone, kind: str) -> None:
    event_emit(
        f"project.{project.pk}",
        kind,
        {"milestone_id": milestone.pk, "done_on": str(milestone.done_on or "")},
    )


def _locked_milestone(actor: User, milestone: Milestone) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    _check_editor(actor, milestone.project)
    return milestone


@transaction.atomic
def milestone_update(
    *,
    actor: User,
    milestone: Milestone,
    title: str,
    due_on: date,
    done_on: date | None,
) -> Milestone:
    """Edit a milestone; giving ``done_on`` completes it, clearing it reopens it."""
    milestone = _locked_milestone(actor, milestone)
    was_done = milestone.done_on is not None
    milestone.title, milestone.due_on, milestone.done_on = title, due_on, done_on
    milestone.full_clean()
    milestone.save(update_fields=["title", "due_on", "done_on"])
    if done_on is not None and not was_done:
        _milestone_event(milestone.project, milestone, "milestone.completed")
        _tell_followers(
            actor, milestone.project, "milestones-heading",
            what="milestone_completed", milestone=milestone.title,
        )  # fmt: skip
    return milestone


@transaction.atomic
def milestone_delete(*, actor: User, milestone: Milestone) -> None:
    milestone = _locked_milestone(actor, milestone)
    milestone.delete()


@transaction.atomic
def milestone_move(*, actor: User, milestone: Milestone, up: bool) -> bool:
    """Swap a milestone with its neighbour above or below; False at an end.
    The project's milestones are renumbered 0..n-1 first, so the order is
    always a plain sequence whatever came before."""
    milestone = _locked_milestone(actor, milestone)
    siblings = list(
        Milestone.objects.select_for_update()
        .filter(project_id=milestone.project_id)
        .order_by("position", "due_on", "pk")
    )
    index = next(i for i, m in enumerate(siblings) if m.pk == milestone.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    return True


@transaction.atomic
def indicator_add(*, actor: User, project: Project, data: IndicatorData) -> Indicator:
    _check_editor(actor, project)
    indicator = Indicator(project=project, **vars(data))
    indicator.full_clean()
    indicator.save()
    _project_event(project, "indicator")
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: User, indicator: Indicator, data: IndicatorData
) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _check_editor(actor, indicator.project)
    for name, value in vars(data).items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, actor: User, indicator: Indicator) -> None:
    """Remove an indicator and its measured values."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _check_editor(actor, indicator.project)
    indicator.delete()


@transaction.atomic
def indicator_value_set(
    *,
    actor: User,
    indicator: Indicator,
    measured_on: date,
    value: Decimal,
    report: FollowUpReport | None = None,
    source: str = "",
    tell: bool = True,
) -> IndicatorValue:
    """Record a measurement; a second value for the same day replaces the first.
    Followers are told (``tell``), unless a report tells them of its values."""
    _check_editor(actor, indicator.project)
    measurement, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        measured_on=measured_on,
        defaults={"value": value, "report": report, "source": source.strip()},
    )
    event_emit(
        f"project.{indicator.project_id}",
        "indicator.measured",
        {"indicator_id": indicator.pk, "value_id": measurement.pk},
    )
    if tell:
        _tell_followers(
            actor, indicator.project, "indicators-heading", what="indicator_measured",
            indicator=indicator.name, value=str(value), unit=indicator.unit,
        )  # fmt: skip
    return measurement


@transaction.atomic
def indicator_value_update(
    *,
    actor: User,
    measurement: IndicatorValue,
    measured_on: date,
    value: Decimal,
    source: str = "",
) -> IndicatorValue:
    measurement = (
        IndicatorValue.objects.select_for_update()
        .select_related("indicator__project")
        .get(pk=measurement.pk)
    )
    _check_editor(actor, measurement.indicator.project)
    clash = IndicatorValue.objects.filter(
        indicator_id=measurement.indicator_id, measured_on=measured_on
    ).exclude(pk=measurement.pk)
    if clash.exists():
        raise ValidationError(
            {"measured_on": _("There is already a value for that day.")}
        )
    measurement.measured_on, measurement.value = measured_on, value
    measurement.source = source.strip()
    measurement.full_clean(exclude=["report"])
    measurement.save(update_fields=["measured_on", "value", "source"])
    return measurement


@transaction.atomic
def indicator_value_delete(*, actor: User, measurement: IndicatorValue) -> None:
    measurement = (
        IndicatorValue.objects.select_for_update()
        .select_related("indicator__project")
        .get(pk=measurement.pk)
    )
    _check_editor(actor, measurement.indicator.project)
    measurement.delete()


@transaction.atomic
def project_links_set(
    *, actor: User, project: Project, goals: list[GoalPage], ideas: list[Idea]
) -> None:
    """The goals a project serves and the ideas it came from. Only moderators
    link ideas (it changes what the ideas' pages say); an idea linked here
    keeps its own status."""
    _check_editor(actor, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    current = set(project.origin_ideas.values_list("pk", flat=True))
    if {i.pk for i in ideas} != current and not actor.has_perm("ideas.promote_idea"):
        raise PermissionDenied
    project.goals.set(goals)
    project.origin_ideas.set(ideas)


@transaction.atomic
def report_add(
    *,
    actor: User,
    project: Project,
    year: int,
    narrative: str,
    values: dict[Indicator, Decimal] | None = None,
) -> FollowUpReport:
    """The annual follow-up, with the year's indicator values (dated 31 December)."""
    _check_editor(actor, project)
    if not narrative.strip():
        raise ValidationError({"narrative": _("Write the follow-up.")})
    try:
        with transaction.atomic():
            report = FollowUpReport.objects.create(
                project=project,
                year=year,
                narrative=narrative,
                narrative_html=render_markdown(narrative),
                created_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"year": _("There is already a follow-up for %(year)s.") % {"year": year}}
        ) from error
    for indicator, value in (values or {}).items():
        if indicator.project_id != project.pk:
            raise PermissionDenied
        indicator_value_set(
            actor=actor,
            indicator=indicator,
            measured_on=date(year, 12, 31),
            value=value,
            report=report,
            tell=False,
        )
    _tell_followers(actor, project, "reports-heading", what="report", year=year)
    _project_event(project, "report")
    return report


@transaction.atomic
def report_reminders_send(*, actor: User, year: int, projects: list[Project]) -> int:
    """Remind the owner staff of each project that has no follow-up report for
    ``year``; returns how many people were reminded. Projects that reported
    in the meantime are skipped."""
    if not actor.has_perm("ideas.remind_report"):
        raise PermissionDenied
    reported = set(
        FollowUpReport.objects.filter(year=year, project__in=projects).values_list(
            "project_id", flat=True
        )
    )
    reminded = 0
    for project in projects:
        if project.pk in reported:
            continue
        owners = set(project.owners.values_list("pk", flat=True))
        notify_people_after_commit(
            kind=NotificationKind.REPORT_DUE,
            recipient_ids=owners,
            actor=actor,
            url=project.get_absolute_url(),
            params={"title": project.title, "year": year, "project_id": project.pk},
        )
        reminded += len(owners)
    return reminded
