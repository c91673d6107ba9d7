"""What the API's ideas and projects show beyond their own row, read as plain
rows: one query per kind of row for a whole page of objects, kept in the
serializer's context (opendata.serializers). Building a model object per
status change, milestone or indicator value, and DRF's field-by-field walk
over them, cost more than everything else in a page of ideas or a project."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ideas.models import (
    FollowUpReport,
    Idea,
    Indicator,
    IndicatorValue,
    Milestone,
    Project,
    StatusChange,
)

# A status change as the API reads it, in this order.
STATUS_ROW = ("new_status", "old_status", "reason", "at", "actor_role", "actor_unit")
INDICATOR_ROW = ("id", "name", "unit", "baseline", "target", "direction")

Rows = dict[int, list[tuple]]


def _grouped(rows: Iterable[tuple]) -> Rows:
    """Rows whose first value is their owner's id, by owner, order kept."""
    grouped: Rows = defaultdict(list)
    for owner, *row in rows:
        grouped[owner].append(tuple(row))
    return grouped


def _firsts(rows: Rows) -> dict[int, list]:
    return {owner: [row[0] for row in owned] for owner, owned in rows.items()}


@dataclass(frozen=True)
class IdeaRows:
    ids: frozenset[int]
    goal_ids: dict[int, list[int]]
    status: Rows  # STATUS_ROW, in time order


def idea_rows(ids: list[int]) -> IdeaRows:
    links = Idea.goals.through.objects.filter(idea_id__in=ids)
    changes = StatusChange.objects.filter(idea_id__in=ids).order_by("at", "pk")
    return IdeaRows(
        ids=frozenset(ids),
        goal_ids=_firsts(_grouped(links.values_list("idea_id", "goalpage_id"))),
        status=_grouped(changes.values_list("idea_id", *STATUS_ROW)),
    )


@dataclass(frozen=True)
class ProjectRows:
    ids: frozenset[int]
    goal_ids: dict[int, list[int]]
    origins: Rows  # (id, title, slug) of the ideas it came from that are public
    milestones: Rows  # (title, due_on, done_on), in the order staff gave them
    indicators: Rows  # (INDICATOR_ROW, [(measured_on, value, source), ...])
    reports: Rows  # (year, narrative, created_at), oldest year first


def project_rows(ids: list[int]) -> ProjectRows:
    links = Project.goals.through.objects.filter(project_id__in=ids)
    origins = (
        Project.origin_ideas.through.objects.filter(
            project_id__in=ids,
            idea__published_at__isnull=False,
            idea__hidden_at__isnull=True,
        )
        .order_by("-idea__published_at", "-idea_id")
        .values_list("project_id", "idea_id", "idea__title", "idea__slug")
    )
    milestones = Milestone.objects.filter(project_id__in=ids).values_list(
        "project_id", "title", "due_on", "done_on"
    )
    indicators = _grouped(
        Indicator.objects.filter(project_id__in=ids).values_list(
            "project_id", *INDICATOR_ROW
        )
    )
    values = _grouped(
        IndicatorValue.objects.filter(indicator__project_id__in=ids).values_list(
            "indicator_id", "measured_on", "value", "source"
        )
    )
    reports = (
        FollowUpReport.objects.filter(project_id__in=ids)
        .order_by("year")
        .values_list("project_id", "year", "narrative", "created_at")
    )
    return ProjectRows(
        ids=frozenset(ids),
        goal_ids=_firsts(_grouped(links.values_list("project_id", "goalpage_id"))),
        origins=_grouped(origins),
        milestones=_grouped(milestones),
        indicators={
            project: [(row, values.get(row[0], [])) for row in owned]
            for project, owned in indicators.items()
        },
        reports=_grouped(reports),
    )
