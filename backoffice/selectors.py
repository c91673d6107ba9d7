"""What waits for the city's staff: the ideas triage with its facet counts,
answer times per unit, and the figures of the dashboard."""

import hashlib
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from wagtail.models import Page

from accounts.models import Organisation, OrganisationFlag, User
from backoffice.facets import AGES, OPEN_STATUSES, count_facets  # noqa: F401 - re-exported
from cms.models import ChallengePage, District, GoalPage
from forum.models import Post, PostFlag
from forum.notices import post_url, target_title
from ideas import selectors as ideas_selectors
from ideas.models import (
    WAITING,
    Flag,
    Idea,
)

ANSWER_WINDOW_DAYS = 90
NO_UNIT = ""


def waiting_q() -> Q:
    """Published, visible, never answered, and not yet decided (the condition
    of the partial indexes ideas.models.WAITING)."""
    return WAITING


def target_passed_before(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.ANSWER_TARGET_DAYS)


@dataclass
class TriageFilters:
    """The triage list's filters, parsed by backoffice.forms.TriageFilterForm.
    Empty values mean "any"."""

    status: str = ""
    kind: str = ""
    author_role: str = ""
    waiting: bool = False
    age: int | None = None
    goal: int | None = None
    challenge: int | None = None
    district: int | None = None
    organisation: int | None = None
    unit: str = ""
    assigned_to: int | None = None
    q: str = ""
    sort: str = "oldest"
    now: datetime = field(default_factory=timezone.now)

    def facet_q(self) -> dict[str, Q]:
        """One condition per chosen facet that has counts (status, kind, role,
        waiting, age), so each facet's counts can leave out its own choice."""
        chosen: dict[str, Q] = {}
        if self.status:
            chosen["status"] = Q(status=self.status)
        if self.kind:
            chosen["kind"] = Q(kind=self.kind)
        if self.author_role:
            chosen["author_role"] = Q(author_role=self.author_role)
        if self.waiting:
            chosen["waiting"] = waiting_q()
        if self.age:
            chosen["age"] = Q(published_at__lte=self.now - timedelta(days=self.age))
        return chosen

    def narrowed(self) -> bool:
        """Whether a filter without counts (unit, person, words) narrows the
        list: then the counts are counted from the ideas, not the tally."""
        return bool(self.unit or self.assigned_to or self.q)

    def cache_key(self) -> str:
        """The filters that decide the counts. Ages are counted from the
        current minute, so a cached count is at most a minute behind the clock."""
        values = [
            self.status, self.kind, self.author_role, self.waiting, self.age,
            self.goal, self.challenge, self.district, self.organisation,
            self.unit, self.assigned_to, self.q, self.now.strftime("%Y%m%d%H%M"),
        ]  # fmt: skip
        return hashlib.sha256(repr(values).encode()).hexdigest()[:32]

    def scope_q(self) -> Q:
        """Every filter that is not a counted facet of the ideas' own
        columns: goal, challenge, district, organisation and the uncounted."""
        scope = self.uncounted_q()
        if self.goal:
            scope &= Q(pk__in=Idea.goals.through.objects.filter(
                goalpage_id=self.goal
            ).values("idea_id"))  # fmt: skip
        for name in ("challenge", "district", "organisation"):
            value = getattr(self, name)
            if value:
                scope &= Q(**{f"{name}_id": value})
        return scope

    def uncounted_q(self) -> Q:
        """The visible ideas, narrowed by the filters that have no counts."""
        scope = Q(published_at__isnull=False, hidden_at__isnull=True)
        if self.assigned_to:
            scope &= Q(assigned_to_id=self.assigned_to)
        if self.unit:
            scope &= Q(assigned_unit=self.unit)
        if self.q:
            scope &= search_q(self.q)
        return scope


def search_q(text: str) -> Q:
    """Words of the title; a number also finds the idea with that number,
    and "#12" finds only idea 12."""
    term = text.strip()
    number = term.lstrip("#")
    by_number = number.isascii() and number.isdigit() and len(number) < 12
    if term.startswith("#"):
        return Q(pk=int(number)) if by_number else Q(pk__in=[])
    by_title = Q(title__icontains=term)
    return by_title | Q(pk=int(number)) if by_number else by_title


SORTS = {
    "oldest": ("published_at", "pk"),
    "newest": ("-published_at", "-pk"),
    "supported": ("-support_count", "-pk"),
}


def triage_list(filters: TriageFilters) -> QuerySet[Idea]:
    """The ideas matching every filter, in the chosen order, with what the
    list shows."""
    query = filters.scope_q()
    for condition in filters.facet_q().values():
        query &= condition
    return (
        Idea.objects.filter(query)
        .select_related("author", "organisation", "assigned_to")
        .only(*LISTED)
        .order_by(*SORTS.get(filters.sort, SORTS["oldest"]))
    )


# What a row of the list shows: not the ideas' texts, the bulk of each row.
LISTED = (
    "title", "status", "published_at", "first_answered_at", "author_role",
    "assigned_unit", "support_count", "author__display_name",
    "organisation__name", "assigned_to__display_name",
)  # fmt: skip


COUNTS_VERSION_KEY = "backoffice:triage-counts-version"
COUNTS_SECONDS = 600


def counts_changed() -> None:
    """Any idea was written: cached facet counts are out of date. Called after
    commit (backoffice.signals); without a cache it costs nothing."""
    try:
        cache.incr(COUNTS_VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(COUNTS_VERSION_KEY, 1, None)


def triage_counts(filters: TriageFilters) -> dict[str, dict[str, int]]:
    """The facet counts for ``filters``, from the cache while no idea has been
    written since they were counted (the version in the key moves on every
    write), else counted afresh."""
    version = cache.get(COUNTS_VERSION_KEY, 0)
    key = f"backoffice:triage-counts:{version}:{filters.cache_key()}"
    counts = cache.get(key)
    if counts is None:
        counts = count_facets(filters)
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def _unit_expression() -> Coalesce:
    """The unit an idea belongs to: the one it is assigned to, else the one
    that answered it."""
    return Coalesce(
        NullIf("assigned_unit", Value("")),
        NullIf("answered_by_unit", Value("")),
        Value(NO_UNIT),
    )


@dataclass
class UnitFigures:
    unit: str
    waiting: int = 0
    past_target: int = 0
    oldest_waiting: Idea | None = None
    answered: int = 0
    median_days: float | None = None
    p90_days: float | None = None


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (0 < fraction ≤ 1) of sorted values."""
    if not sorted_values:
        return None
    rank = max(math.ceil(fraction * len(sorted_values)), 1)
    return sorted_values[rank - 1]


def answer_times(now: datetime | None = None) -> list[UnitFigures]:
    """Per unit: ideas waiting (and past ``ANSWER_TARGET_DAYS``), the oldest
    of them, and the median and 90th percentile days from publication to the
    first official answer over the last 90 days. Three queries."""
    now = now or timezone.now()
    figures: dict[str, UnitFigures] = {}
    # A waiting idea was never answered, so its unit is the one assigned:
    # grouped from the index idea_waiting_unit alone.
    waiting = (
        Idea.objects.filter(waiting_q())
        .order_by()
        .values("assigned_unit")
        .annotate(
            n=Count("published_at"),  # a column of the index, unlike the id
            late=Count(
                "published_at", filter=Q(published_at__lte=target_passed_before(now))
            ),
            oldest=Min("published_at"),
        )
    )
    oldest_at = {}
    for row in waiting:
        name = row["assigned_unit"]
        unit = figures.setdefault(name, UnitFigures(name))
        unit.waiting, unit.past_target = row["n"], row["late"]
        oldest_at[name] = row["oldest"]
    _attach_oldest(figures, oldest_at)
    answered = (
        Idea.objects.filter(
            first_answered_at__gte=now - timedelta(days=ANSWER_WINDOW_DAYS),
            published_at__isnull=False,
        )
        .annotate(unit_name=_unit_expression())
        .values_list("unit_name", "published_at", "first_answered_at")
    )
    days_by_unit: dict[str, list[float]] = {}
    for unit_name, published, first in answered:
        if published is None or first is None:  # excluded by the filter
            continue
        waited = max((first - published).total_seconds(), 0) / 86400
        days_by_unit.setdefault(unit_name, []).append(waited)
    for unit_name, days in days_by_unit.items():
        unit = figures.setdefault(unit_name, UnitFigures(unit_name))
        days.sort()
        unit.answered = len(days)
        unit.median_days = percentile(days, 0.5)
        unit.p90_days = percentile(days, 0.9)
    return sorted(figures.values(), key=lambda f: (f.unit == NO_UNIT, f.unit.lower()))


def _attach_oldest(figures: dict[str, UnitFigures], oldest_at: dict) -> None:
    """The oldest waiting idea of each unit, in one query."""
    if not oldest_at:
        return
    candidates = Idea.objects.filter(
        waiting_q(), published_at__in=set(oldest_at.values())
    ).order_by("published_at", "pk")
    for idea in candidates:
        unit = figures.get(idea.assigned_unit)
        if unit and unit.oldest_waiting is None:
            if idea.published_at == oldest_at[idea.assigned_unit]:
                unit.oldest_waiting = idea


CHOICES_KEY = "backoffice:filter-choices"
CHOICES_SECONDS = 300


def filter_choices() -> dict[str, list[tuple[object, str]]]:
    """(value, label) pairs for the triage filters' selects, cached for five
    minutes as the public list's are: a new unit or organisation may take
    that long to appear in a select (the list itself is never stale)."""
    choices = cache.get(CHOICES_KEY)
    if choices is None:
        choices = {
            "goals": _page_choices(GoalPage),
            "challenges": _page_choices(ChallengePage),
            "districts": list(
                District.objects.order_by("name").values_list("pk", "name")
            ),
            "organisations": list(
                Organisation.objects.filter(verified=True)
                .order_by("name")
                .values_list("pk", "name")
            ),
            "units": [(u, u) for u in unit_choices()],
            "staff": list(staff_choices().values_list("pk", "display_name")),
        }
        cache.set(CHOICES_KEY, choices, CHOICES_SECONDS)
    return choices


def _page_choices(model: type[Page]) -> list[tuple[int, str]]:
    pages = model.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    return list(pages.order_by("title").values_list("pk", "title"))


def staff_choices() -> QuerySet[User]:
    """The people ideas can be assigned to: moderators and city staff."""
    return (
        User.objects.filter(groups__name__in=("Moderators", "City staff"))
        .distinct()
        .order_by("display_name")
    )


def unit_choices() -> list[str]:
    """Units named on staff accounts or assignments, for the filters."""
    staff_units = User.objects.exclude(unit="").values_list("unit", flat=True)
    assigned = (
        Idea.objects.exclude(assigned_unit="")
        .order_by()
        .values_list("assigned_unit", flat=True)
        .distinct()
    )
    staff_units = staff_units.order_by().distinct()
    return sorted(set(staff_units) | set(assigned), key=str.lower)


@dataclass
class Dashboard:
    waiting: int
    waiting_by_age: list[tuple[int, int]]
    past_target: int
    open_idea_reports: int
    open_post_reports: int
    open_organisation_reports: int
    organisations_to_verify: int
    reports_missing: int
    year: int

    @property
    def open_reports(self) -> int:
        return (
            self.open_idea_reports
            + self.open_post_reports
            + self.open_organisation_reports
        )


def dashboard(now: datetime | None = None) -> Dashboard:
    """The numbers of the Wagtail home's panels."""
    now = now or timezone.now()
    ages = {
        f"age_{days}": Count(
            "pk", filter=Q(published_at__lte=now - timedelta(days=days))
        )
        for days in AGES
    }
    waiting = Idea.objects.filter(waiting_q()).aggregate(
        n=Count("pk"),
        late=Count("pk", filter=Q(published_at__lte=target_passed_before(now))),
        **ages,
    )
    year = now.year
    return Dashboard(
        waiting=waiting["n"],
        waiting_by_age=[(days, waiting[f"age_{days}"]) for days in AGES],
        past_target=waiting["late"],
        open_idea_reports=Flag.objects.filter(resolved_at__isnull=True)
        .values("idea_id")
        .distinct()
        .count(),
        open_post_reports=PostFlag.objects.filter(resolved_at__isnull=True)
        .values("post_id")
        .distinct()
        .count(),
        open_organisation_reports=OrganisationFlag.objects.filter(
            resolved_at__isnull=True
        )
        .values("organisation_id")
        .distinct()
        .count(),
        organisations_to_verify=organisations_waiting().count(),
        reports_missing=ideas_selectors.projects_missing_report(year).count(),
        year=year,
    )


def organisations_waiting() -> QuerySet[Organisation]:
    """Organisations not yet verified nor refused, oldest first."""
    return (
        Organisation.objects.filter(verified=False, refused_at__isnull=True)
        .annotate(member_count=Count("memberships"))
        .order_by("created_at", "pk")
    )


@dataclass
class Reported:
    """One reported idea or post in the moderation queue."""

    kind: str  # "idea", "post" or "organisation"
    item: object
    first_report_at: datetime
    reporters: int
    flags: list = field(default_factory=list)
    author: User | None = None
    earlier_hides: int = 0


def moderation_queue(limit: int = 100) -> tuple[int, list[Reported]]:
    """Open reports on ideas and posts, oldest report first: the number of
    reported items, and the oldest ``limit`` of them with what a moderator
    needs to decide (reasons, reporters, the author's earlier hides). An item
    nobody reported is never here. Ten queries, however many rows."""
    open_idea_flags = Flag.objects.filter(resolved_at__isnull=True)
    open_post_flags = PostFlag.objects.filter(resolved_at__isnull=True)
    ideas = (
        Idea.objects.filter(pk__in=open_idea_flags.values("idea_id"))
        .annotate(
            first_report_at=Min("flags__created_at", filter=OPEN_FLAG),
            reporters=Count("flags__user", filter=OPEN_FLAG, distinct=True),
        )
        .select_related("author")
        .prefetch_related(
            Prefetch("flags", queryset=open_idea_flags, to_attr="open_flags")
        )
        .order_by("first_report_at", "pk")
    )
    posts = (
        Post.objects.filter(pk__in=open_post_flags.values("post_id"))
        .annotate(
            first_report_at=Min("flags__created_at", filter=OPEN_FLAG),
            reporters=Count("flags__user", filter=OPEN_FLAG, distinct=True),
        )
        .select_related("author", "thread", "idea", "challenge", "project")
        .prefetch_related(
            Prefetch("flags", queryset=open_post_flags, to_attr="open_flags")
        )
        .order_by("first_report_at", "pk")
    )
    open_organisation_flags = OrganisationFlag.objects.filter(resolved_at__isnull=True)
    organisations = (
        Organisation.objects.filter(
            pk__in=open_organisation_flags.values("organisation_id")
        )
        .annotate(
            first_report_at=Min("flags__created_at", filter=OPEN_FLAG),
            reporters=Count("flags__user", filter=OPEN_FLAG, distinct=True),
        )
        .prefetch_related(
            Prefetch("flags", queryset=open_organisation_flags, to_attr="open_flags")
        )
        .order_by("first_report_at", "pk")
    )
    total = (
        open_idea_flags.values("idea_id").distinct().count()
        + open_post_flags.values("post_id").distinct().count()
        + open_organisation_flags.values("organisation_id").distinct().count()
    )
    items = (
        [
            Reported("idea", i, i.first_report_at, i.reporters, i.open_flags, i.author)
            for i in ideas[:limit]
        ]
        + [
            Reported("post", p, p.first_report_at, p.reporters, p.open_flags, p.author)
            for p in posts[:limit]
        ]
        + [
            Reported("organisation", o, o.first_report_at, o.reporters, o.open_flags)
            for o in organisations[:limit]
        ]
    )
    items.sort(key=lambda r: r.first_report_at)
    items = items[:limit]
    for reported in items:
        post = reported.item
        if isinstance(post, Post):  # where it was written, for the link
            target = getattr(post, post.target_kind)
            setattr(post, "where_url", post_url(post, target))  # noqa: B010
            setattr(post, "where_title", target_title(target))  # noqa: B010
    _attach_author_history(items)
    return total, items


OPEN_FLAG = Q(flags__resolved_at__isnull=True)


def _attach_author_history(items: list[Reported]) -> None:
    """How often each author's ideas and posts were hidden by a moderator
    (with a public reason) before: two queries for the whole page."""
    authors = {r.author.pk for r in items if r.author is not None}
    if not authors:
        return
    hides: dict[int, int] = {}
    for model in (Idea, Post):
        rows = (
            model.objects.filter(author_id__in=authors, hidden_at__isnull=False)
            .exclude(hidden_reason="")
            .values("author_id")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            hides[row["author_id"]] = hides.get(row["author_id"], 0) + row["n"]
    for reported in items:
        if reported.author is not None:
            reported.earlier_hides = hides.get(reported.author.pk, 0)
