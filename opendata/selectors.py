"""What the feeds publish: only what the public site shows (published, not
hidden ideas; live, public pages), newest first, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.models import Locale

from cms.models import ChallengePage, District, GoalPage, NewsPage
from ideas.models import (
    FollowUpReport,
    Idea,
    IndicatorValue,
    Milestone,
    StatusChange,
)

FEED_SIZE = 50


@dataclass
class Entry:
    """One item of a feed that mixes kinds of things (decisions, project news)."""

    title: str
    url: str
    at: datetime
    text: str = ""
    author: str = ""
    categories: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IdeaScope:
    """All ideas, or those of one goal, challenge or district."""

    title: str = ""
    url: str = ""
    goal: GoalPage | None = None
    challenge: ChallengePage | None = None
    district: District | None = None


def new_ideas(scope: IdeaScope) -> list[Idea]:
    ideas = Idea.objects.visible().select_related("author", "district")
    if scope.goal is not None:
        ideas = ideas.filter(goals__translation_key=scope.goal.translation_key)
    if scope.challenge is not None:
        key = scope.challenge.translation_key
        ideas = ideas.filter(challenge__translation_key=key)
    if scope.district is not None:
        ideas = ideas.filter(district=scope.district)
    goals = GoalPage.objects.only("id", "title")
    return list(
        ideas.prefetch_related(Prefetch("goals", queryset=goals))
        .defer("body", "official_answer", "official_answer_html")
        .order_by("-published_at", "-pk")[:FEED_SIZE]
    )


def decisions() -> tuple[list[StatusChange], list[Idea]]:
    """The newest status changes and official answers of visible ideas."""
    visible = Q(idea__published_at__isnull=False, idea__hidden_at__isnull=True)
    changes = (
        StatusChange.objects.filter(visible)
        .select_related("idea")
        .only(
            "at",
            "new_status",
            "reason",
            "actor_role",
            "actor_unit",
            "idea__id",
            "idea__title",
            "idea__slug",
        )  # fmt: skip
        .order_by("-at", "-pk")[:FEED_SIZE]
    )
    answers = (
        Idea.objects.visible()
        .filter(answered_at__isnull=False)
        .only("id", "title", "slug", "answered_at", "answered_by_unit")
        .order_by("-answered_at", "-pk")[:FEED_SIZE]
    )
    return list(changes), list(answers)


def project_news() -> tuple[
    list[FollowUpReport], list[IndicatorValue], list[Milestone]
]:
    """Annual reports, measured values and reached milestones of projects."""
    reports = (
        FollowUpReport.objects.select_related("project")
        .defer("narrative")
        .order_by("-created_at", "-pk")[:FEED_SIZE]
    )
    values = IndicatorValue.objects.select_related("indicator__project").order_by(
        "-measured_on", "-pk"
    )[:FEED_SIZE]
    reached = (
        Milestone.objects.filter(done_on__isnull=False)
        .select_related("project")
        .order_by("-done_on", "-pk")[:FEED_SIZE]
    )
    return list(reports), list(values), list(reached)


def news(locale: Locale) -> QuerySet[NewsPage]:
    return (
        NewsPage.objects.live()
        .public()
        .filter(locale=locale)
        .order_by("-date", "-pk")[:FEED_SIZE]
    )


def on_day(day: date) -> datetime:
    """A date as the start of that day in the city's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
