"""The strategy's follow-up for one year, as the City Council reads it: every
priority project active that year, grouped by strategy goal, with its owner,
kind, progress, the milestones due that year, each indicator's last value of
the year against baseline and target, and the owner's annual report; plus the
projects that have not reported. A fixed number of queries for any number of
projects."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.models import Locale

from ideas import selectors as ideas_selectors
from ideas.models import FollowUpReport, Indicator, IndicatorValue, Milestone, Project

FIRST_YEAR = 2000  # before the platform and the strategy: nothing to follow up


@dataclass
class IndicatorStanding:
    indicator: Indicator
    latest: IndicatorValue | None  # the last value measured in or before the year

    @property
    def share_of_target(self) -> int | None:
        """How far from baseline to target the latest value has come, 0–100 %."""
        span = self.indicator.target - self.indicator.baseline
        if self.latest is None or span == 0:
            return None
        share = (self.latest.value - self.indicator.baseline) / span * Decimal(100)
        return int(max(Decimal(0), min(Decimal(100), share)))


@dataclass
class ProjectYear:
    project: Project
    report: FollowUpReport | None
    milestones: list[Milestone]  # those due in the year, or done in it
    indicators: list[IndicatorStanding]


@dataclass
class GoalGroup:
    goal: dict | None  # a goal label (cms.navigation), or None: no goal linked
    projects: list[ProjectYear]
    first_mention: list[bool]  # False where the project was shown under a goal above

    @property
    def rows(self) -> list[tuple[ProjectYear, bool]]:
        return list(zip(self.projects, self.first_mention, strict=True))


@dataclass
class YearFollowUp:
    year: int
    groups: list[GoalGroup]
    missing: list[Project]
    total: int
    reported: int
    years: list[int]


def year_range(today: date | None = None) -> list[int]:
    """The years with at least one project, oldest first, up to this one."""
    this_year = (today or timezone.localdate()).year
    first = Project.objects.order_by("starts_on").values_list("starts_on", flat=True)
    start = first.first()
    if start is None:
        return [this_year]
    return list(range(max(start.year, FIRST_YEAR), this_year + 1))


def active_in(year: int) -> QuerySet[Project]:
    """Projects running at some time in ``year``."""
    return Project.objects.filter(starts_on__year__lte=year).filter(
        Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
    )


def follow_up(year: int, *, locale: Locale) -> YearFollowUp:
    end = date(year, 12, 31)
    projects = list(
        active_in(year)
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=FollowUpReport.objects.filter(year=year),
                to_attr="year_reports",
            ),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(
                    Q(due_on__year=year) | Q(done_on__year=year)
                ),
                to_attr="year_milestones",
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch(
                        "values",
                        queryset=IndicatorValue.objects.filter(
                            measured_on__lte=end
                        ).order_by("measured_on", "pk"),
                    )
                ),
            ),
        )
        .order_by("title", "pk")
    )
    ideas_selectors.attach_localized_goals(projects, locale=locale)
    rows = [_project_year(project) for project in projects]
    missing_ids = set(
        ideas_selectors.projects_missing_report(year).values_list("pk", flat=True)
    )
    missing = [row.project for row in rows if row.project.pk in missing_ids]
    reported = sum(1 for row in rows if row.report is not None)
    return YearFollowUp(
        year=year,
        groups=_by_goal(rows),
        missing=missing,
        total=reported + len(missing),  # planned projects are not yet due to report
        reported=reported,
        years=year_range(),
    )


def _project_year(project: Project) -> ProjectYear:
    standings = []
    for indicator in project.indicators.all():
        values = list(indicator.values.all())
        standings.append(IndicatorStanding(indicator, values[-1] if values else None))
    reports = project.year_reports  # type: ignore[attr-defined]
    return ProjectYear(
        project=project,
        report=reports[0] if reports else None,
        milestones=list(project.year_milestones),  # type: ignore[attr-defined]
        indicators=standings,
    )


def _by_goal(rows: list[ProjectYear]) -> list[GoalGroup]:
    """One group per goal in tree order (a project under each of its goals,
    shown in full the first time), and last the projects linked to none."""
    goals: dict[str, dict] = {}
    members: dict[str, list[ProjectYear]] = {}
    loose = []
    for row in rows:
        localized = row.project.localized_goals  # type: ignore[attr-defined]
        if not localized:
            loose.append(row)
        for goal in localized:
            goals.setdefault(goal["path"], goal)
            members.setdefault(goal["path"], []).append(row)
    groups, seen = [], set()
    for path in sorted(goals):
        firsts = []
        for row in members[path]:
            firsts.append(row.project.pk not in seen)
            seen.add(row.project.pk)
        groups.append(GoalGroup(goals[path], members[path], firsts))
    if loose:
        groups.append(GoalGroup(None, loose, [True] * len(loose)))
    return groups
