"""Reads of ideas, with what the templates need loaded in a fixed number of
queries, and visibility (drafts, hidden ideas) applied here, once."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from wagtail.models import Locale

from accounts.models import Organisation, Role, User
from cms.models import ChallengePage, District, GoalPage
from cms.navigation import goal_labels
from cms.navigation import version as navigation_version
from common import data_version, narrow_versions
from common.compiled import CompiledQuery
from common.locales import locale_of
from ideas import beside
from ideas.markdown import render_markdown
from ideas.models import (
    CoAuthor,
    FollowUpReport,
    Idea,
    IdeaRevision,
    IdeaStatus,
    Indicator,
    IndicatorValue,
    Project,
    StatusChange,
    Support,
)

SORTS = {
    "newest": ("-published_at", "-id"),
    "most_supported": ("-support_count", "-id"),
    "most_discussed": ("-comment_count", "-id"),
    "trending": ("-heat", "-id"),
}
DEFAULT_SORT = "newest"


@dataclass(frozen=True)
class IdeaFilters:
    goal: GoalPage | None = None
    district: District | None = None
    whole_city: bool = False
    challenge: ChallengePage | None = None
    status: str = ""
    kind: str = ""
    organisation: Organisation | None = None
    sort: str = DEFAULT_SORT


# What a card does not show stays in the database.
CARD_DEFERRED = (
    "body", "body_html", "official_answer", "official_answer_html", "pilot_what",
    "pilot_needs", "pilot_effect",
)  # fmt: skip


def _with_card_data(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    # A card's goals come from the link table and the cached labels
    # (attach_localized_goals), not from page objects.
    return ideas.select_related("author", "organisation", "district")


def idea_list(*, filters: IdeaFilters) -> QuerySet[Idea]:
    ordering = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    ideas = ideas_matching(filters=filters)
    return _with_card_data(ideas).defer(*CARD_DEFERRED).order_by(*ordering)


def ideas_matching(*, filters: IdeaFilters) -> QuerySet[Idea]:
    """Visible ideas that pass the list's filters, with nothing added."""
    ideas = Idea.objects.visible()
    if filters.goal is not None:
        # The goal in any language is the same goal: match its page ids, and test
        # them with EXISTS so the sort's index can still drive the query.
        same_goal = GoalPage.objects.filter(
            translation_key=filters.goal.translation_key
        ).values("pk")
        linked = Idea.goals.through.objects.filter(
            idea_id=OuterRef("pk"), goalpage_id__in=same_goal
        )
        ideas = ideas.filter(Exists(linked))
    if filters.whole_city:
        ideas = ideas.filter(district__isnull=True)
    elif filters.district is not None:
        ideas = ideas.filter(district=filters.district)
    if filters.challenge is not None:
        same_challenge = ChallengePage.objects.filter(
            translation_key=filters.challenge.translation_key
        ).values("pk")
        ideas = ideas.filter(challenge_id__in=same_challenge)
    if filters.status:
        ideas = ideas.filter(status=filters.status)
    if filters.kind:
        ideas = ideas.filter(kind=filters.kind)
    if filters.organisation is not None:
        ideas = ideas.filter(organisation=filters.organisation)
    return ideas


def attach_localized_goals(items: list, *, locale: Locale) -> list:
    """Set ``item.localized_goals`` on ideas or projects: their goals as shown in
    the reader's language, from one query on the link table and the cached goal
    labels (no page objects are built)."""
    if not items:
        return items
    model = type(items[0])
    source = f"{model._meta.model_name}_id"
    links = model.goals.through.objects.filter(
        **{f"{source}__in": [item.pk for item in items]}
    ).values_list(source, "goalpage_id")
    labels = goal_labels(locale)
    by_item: dict[int, list] = defaultdict(list)
    for item_id, goal_id in links:
        if goal_id in labels:
            by_item[item_id].append(labels[goal_id])
    for item in items:
        item.localized_goals = sorted(by_item[item.pk], key=lambda g: g["path"])
    return items


def attach_localized_challenge(idea: Idea, *, locale: Locale) -> Idea:
    """Set ``idea.localized_challenge``: the idea's challenge page in the
    reader's language if it is published there, else the page it links to."""
    challenge = idea.challenge
    if challenge is not None and challenge.locale_id != locale.pk:
        translated = (
            ChallengePage.objects.live()
            .filter(translation_key=challenge.translation_key, locale=locale)
            .first()
        )
        challenge = translated or challenge
    # Read by the template only; not a field.
    setattr(idea, "localized_challenge", challenge)  # noqa: B010
    return idea


def _idea_for_page(pk: int) -> QuerySet[Idea]:
    # Only the joins the page shows: each join costs the planner more than the
    # lookup itself (the duplicate's original is read only to redirect; a
    # challenge only where there is one). Goals are shown from the link table
    # and the cached labels (attach_localized_goals); what the page shows
    # beside the idea is read where it exists (ideas.beside).
    return (
        beside.with_presence(Idea.objects.order_by())
        .select_related("author", "organisation", "district")
        .filter(pk=pk)
    )


# Every idea page reads it, with seven EXISTS and three joins: written once
# (writing it was 7% of an idea page's Python, bench/http_pages.py).
_idea_for_page_compiled = CompiledQuery(_idea_for_page)


def idea_get(*, pk: int, user: User) -> Idea:
    """The idea if ``user`` may see it: published and not hidden, or their own,
    or they moderate. A hidden idea is returned to everyone (the page shows a
    placeholder with the reason) but its text is left out by the template."""
    idea = _idea_for_page_compiled.first(pk)
    if idea is None:
        raise Http404
    beside.load_for_permissions(idea)
    if not idea.is_published and not user.has_perm("ideas.view_idea", idea):
        raise Http404
    return idea


@dataclass
class TimelineEntry:
    at: datetime
    change: StatusChange | None = None  # a status change of this idea
    merged: StatusChange | None = None  # an idea merged into this one


def timeline(idea: Idea) -> list[TimelineEntry]:
    """The idea's status changes and the ideas merged into it, in time order
    (its status changes are prefetched by ``idea_get``)."""
    entries = []
    if getattr(idea, "has_status_changes", True):  # ideas.beside knows
        entries = [TimelineEntry(at=c.at, change=c) for c in idea.status_changes.all()]
    if getattr(idea, "has_duplicates", True):
        merges = StatusChange.objects.filter(
            idea__duplicate_of=idea, new_status=IdeaStatus.DUPLICATE
        ).select_related("idea")
        entries += [TimelineEntry(at=m.at, merged=m) for m in merges]
    return sorted(entries, key=lambda entry: entry.at)


def supports_by_role(idea: Idea) -> list[tuple[str, int]]:
    """Read from the counts stored on the idea: no query, however popular."""
    counts = idea.support_role_counts
    return [(str(label), counts.get(value, 0)) for value, label in Role.choices]


def has_supported(user: User, idea: Idea) -> bool:
    return (
        user.is_authenticated
        and Support.objects.filter(idea=idea, user_id=user.pk).exists()
    )


def related_ideas(idea: Idea, *, limit: int = 4) -> list[Idea]:
    """The most supported other ideas sharing a goal. Written as EXISTS so the
    database walks the most-supported index and stops after ``limit`` rows."""
    goal_ids = Idea.goals.through.objects.filter(idea_id=idea.pk).values("goalpage_id")
    shares_goal = Idea.goals.through.objects.filter(
        idea_id=OuterRef("pk"), goalpage_id__in=goal_ids
    )
    related = (
        Idea.objects.visible()
        .filter(Exists(shares_goal))
        .exclude(pk=idea.pk)
        .exclude(status="duplicate")
        .order_by("-support_count", "-id")
        .only("id", "slug", "title", "support_count")[:limit]
    )
    return list(related)


def revision_list(idea: Idea) -> QuerySet[IdeaRevision]:
    return idea.revisions.order_by("-valid_until", "-pk")


@dataclass
class Edit:
    """One edit after the first support: when, by whom, and what changed."""

    at: datetime
    by: User | None
    title: str  # the differences, as safe HTML
    summary: str
    body: str
    before: IdeaRevision
    before_html: str  # the body as it was, rendered


def edit_list(idea: Idea, *, limit: int = 50) -> list[Edit]:
    """The newest edits first, each with what it changed (worked out when it
    was made) and the text it replaced, rendered."""
    revisions = revision_list(idea).select_related("edited_by")[:limit]
    return [
        Edit(
            at=before.valid_until,
            by=before.edited_by,
            title=before.title_diff,
            summary=before.summary_diff,
            body=before.body_diff,
            before=before,
            before_html=render_markdown(before.body),
        )
        for before in revisions
    ]


def edited_since_support(user: User, idea: Idea) -> bool:
    """The idea's words changed after ``user`` supported it."""
    return (
        user.is_authenticated
        and idea.edited_at is not None
        and Support.objects.filter(
            idea=idea, user_id=user.pk, created_at__lt=idea.edited_at
        ).exists()
    )


def co_author_list(idea: Idea) -> list[CoAuthor]:
    """Everyone invited and not removed, for the author's page about them."""
    return list(idea.co_authors.filter(ended_at__isnull=True).select_related("user"))


def idea_list_for_user(*, author: User, viewer: User) -> QuerySet[Idea]:
    """An author's ideas on their public page; their drafts only to themselves."""
    ideas = Idea.objects.filter(author=author)
    if viewer.pk != author.pk:
        ideas = ideas.visible()
    return ideas.order_by(F("published_at").desc(nulls_first=True), "-pk")


def idea_list_for_goal(*, goal: GoalPage, limit: int = 6) -> tuple[int, list[Idea]]:
    """How many visible ideas a goal has (in any language), and the most
    supported of them."""
    ideas = idea_list(filters=IdeaFilters(goal=goal, sort="most_supported"))
    locale = locale_of(goal)
    # Which are its most supported moves with every support: read once per
    # data version for every reader, not once per reader (a goal page's own
    # lists were a quarter of its Python, bench/http_pages.py).
    top = data_version.remembered(
        f"goal-top-ideas:{goal.translation_key}:{locale.pk}:{limit}",
        lambda: attach_localized_goals(list(ideas[:limit]), locale=locale),
    )
    # Counting a goal's ideas grows with them (40 ms at 100,000 ideas). Only
    # which ideas are visible and which goals they have changes it, not a
    # support or a comment: counted once per such change, so the first reader
    # after a support does not count them all again.
    count = narrow_versions.remembered_under(
        GOAL_MEMBERSHIP, f"goal-idea-count:{goal.translation_key}", ideas.count
    )
    return count, top


GOAL_MEMBERSHIP = "ideas:goal-membership"
GOAL_PROJECTS = "ideas:goal-projects"


def register_goal_versions() -> None:
    register_goal_membership()
    register_goal_projects()


def register_goal_projects() -> None:
    """A goal's projects and the indicators they follow: they move with any
    write to projects, their goals, indicators, measurements and pages, and
    with none of the writes a support or a comment makes."""
    narrow_versions.register(
        GOAL_PROJECTS,
        tables={
            Project._meta.db_table,
            Project.goals.through._meta.db_table,
            Indicator._meta.db_table,
            IndicatorValue._meta.db_table,
            "wagtailcore_page",
            GoalPage._meta.db_table,
        },
        unread={},
    )


def register_goal_membership() -> None:
    """Which visible ideas each goal has, in any language: it moves with any
    write to ideas, their goals and pages, except an UPDATE of an idea's
    counters (a support, a comment)."""
    narrow_versions.register(
        GOAL_MEMBERSHIP,
        tables={
            Idea._meta.db_table,
            Idea.goals.through._meta.db_table,
            "wagtailcore_page",
            GoalPage._meta.db_table,
        },
        unread={
            Idea._meta.db_table: {
                "support_count", "support_role_counts", "comment_count", "heat",
                "updated_at",
            },
        },
    )  # fmt: skip


def idea_list_for_challenge(*, challenge: ChallengePage) -> QuerySet[Idea]:
    return idea_list(filters=IdeaFilters(challenge=challenge, sort="most_supported"))


def project_list() -> QuerySet[Project]:
    return Project.objects.order_by("-starts_on", "-pk")


def project_get(*, pk: int) -> Project:
    project = (
        Project.objects.prefetch_related(
            Prefetch(
                "origin_ideas",
                queryset=Idea.objects.visible().only("id", "slug", "title", "status"),
            ),
            "milestones",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related("values").select_related(
                    "goal"
                ),
            ),
            "reports",
        )
        # Ideas it grew from, public or not: none means the strategy named it.
        .annotate(origin_total=Count("origin_ideas"))
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404
    return project


def projects_missing_report(year: int) -> QuerySet[Project]:
    """Running or completed projects that started before or in ``year`` and
    have no follow-up report for it."""
    reported = FollowUpReport.objects.filter(year=year).values("project_id")
    return (
        Project.objects.filter(starts_on__year__lte=year)
        .exclude(status=Project.Status.PLANNED)
        .exclude(pk__in=reported)
        .order_by("title", "pk")
    )


def project_list_for_goal(
    *, goal: GoalPage, limit: int = 6
) -> tuple[int, list[Project]]:
    """How many projects follow a goal (in any language), and the newest. The
    goal's pages are tested with EXISTS (no DISTINCT over a join); both are
    kept until projects change (``GOAL_PROJECTS``), not remade after every
    support."""
    same_goal = GoalPage.objects.filter(translation_key=goal.translation_key)
    linked = Project.goals.through.objects.filter(
        project_id=OuterRef("pk"), goalpage_id__in=same_goal.values("pk")
    )
    projects = project_list().filter(Exists(linked))
    count = narrow_versions.remembered_under(
        GOAL_PROJECTS, f"goal-project-count:{goal.translation_key}", projects.count
    )
    newest = narrow_versions.remembered_under(
        GOAL_PROJECTS,
        f"goal-projects:{goal.translation_key}:{limit}",
        lambda: list(projects[:limit]),
    )
    return count, newest


def indicator_list_for_goal(*, goal: GoalPage, limit: int = 12) -> list[Indicator]:
    """The indicators projects follow for a goal (in any language), each with
    ``latest``: its last measured value, or None. Kept for every reader of the
    goal's page until projects or their measurements change."""
    return narrow_versions.remembered_under(
        GOAL_PROJECTS,
        f"goal-indicators:{goal.translation_key}:{limit}",
        lambda: _indicators_for_goal(goal, limit),
    )


def _indicators_for_goal(goal: GoalPage, limit: int) -> list[Indicator]:
    newest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by(
        "-measured_on", "-pk"
    )[:1]
    indicators: list = list(
        Indicator.objects.filter(goal__translation_key=goal.translation_key)
        .select_related("project")
        .annotate(
            latest_value=Subquery(newest.values("value")),
            latest_on=Subquery(newest.values("measured_on")),
        )
        .order_by("project__title", "pk")[:limit]
    )
    for indicator in indicators:
        latest = None
        if indicator.latest_on is not None:
            latest = {
                "value": indicator.latest_value,
                "measured_on": indicator.latest_on,
            }
        setattr(indicator, "latest", latest)  # noqa: B010
    return indicators


FILTER_CHOICES_SECONDS = 300


def filter_choices(locale: Locale) -> dict[str, list[tuple[object, str]]]:
    """(value, label) pairs for the list's filter selects, cached: pages follow
    the navigation's version, organisations may lag a new one by five minutes."""
    key = f"ideas:filter-choices:{navigation_version()}:{locale.pk}"
    choices = cache.get(key)
    if choices is None:
        pages = ("pk", "title")
        choices = {
            "goals": list(
                GoalPage.objects.live()
                .filter(locale=locale)
                .order_by("path")
                .values_list(*pages)
            ),
            "challenges": list(
                ChallengePage.objects.live()
                .filter(locale=locale)
                .order_by("path")
                .values_list(*pages)
            ),
            "organisations": list(
                Organisation.objects.filter(ideas__isnull=False)
                .distinct()
                .order_by("name")
                .values_list("pk", "name")
            ),
            "districts": list(District.objects.values_list("slug", "name")),
        }
        cache.set(key, choices, FILTER_CHOICES_SECONDS)
    return choices
