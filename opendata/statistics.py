"""The numbers behind /sv/statistik/: participation per month by role, per
strategy goal and sustainability dimension, per district and kind of idea, the
status funnel and the time to an official answer, for a period of whole
months. Only public content counts (as in the export). The counts are cached
for a few minutes: they are read by anyone, and cost a scan of the supports."""

import statistics as stats
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cms.models import GoalPage
from ideas.models import Idea, IdeaStatus, Support
from opendata.tables import public_ideas, public_posts

CACHE_SECONDS = 600
MAX_MONTHS = 120
FORMER = ""  # the role key of a deleted account's comments
ANSWER_BUCKETS = (7, 30, 90)  # days: within a week, a month, a quarter, later
ACCEPTED = [IdeaStatus.ACCEPTED, IdeaStatus.PROJECT, IdeaStatus.IMPLEMENTED]
AS_PROJECT = [IdeaStatus.PROJECT, IdeaStatus.IMPLEMENTED]


@dataclass(frozen=True)
class Period:
    first: date  # the first day of the first month
    last: date  # the first day of the last month

    @classmethod
    def last_twelve_months(cls, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        start = date(today.year - 1, today.month, 1)
        start = add_months(start, 1)
        return cls(start, date(today.year, today.month, 1))

    def months(self) -> list[date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = add_months(month, 1)
        return months

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.first, time.min, zone)
        return start, datetime.combine(add_months(self.last, 1), time.min, zone)

    @property
    def key(self) -> str:
        return f"{self.first:%Y-%m}:{self.last:%Y-%m}"


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class Numbers:
    """Language-neutral counts (keys, not labels), as cached."""

    ideas_by_month: dict[str, dict[str, int]]  # "2026-03" → role → count
    supports_by_month: dict[str, dict[str, int]]
    comments_by_month: dict[str, dict[str, int]]
    ideas_by_goal: dict[int, int]  # goal page id → ideas
    goal_kinds: dict[int, str]  # goal page id → main or dimension
    ideas_by_district: dict[str, int]  # district name, "" for the whole city
    ideas_by_kind: dict[str, int]
    funnel: dict[str, int]
    answer_days: dict[str, float | None]  # median and p90
    answer_buckets: list[int]  # len(ANSWER_BUCKETS) + 1 counts


def numbers(period: Period) -> Numbers:
    key = f"opendata:statistics:{period.key}"
    found = cache.get(key)
    if found is None:
        found = _count(period)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _count(period: Period) -> Numbers:
    start, end = period.bounds()
    ideas = public_ideas().filter(published_at__gte=start, published_at__lt=end)
    supports = Support.objects.filter(
        idea__in=public_ideas(), created_at__gte=start, created_at__lt=end
    )
    comments = public_posts().filter(created_at__gte=start, created_at__lt=end)
    links = Idea.goals.through.objects.filter(idea__in=ideas)
    goals = GoalPage.objects.live().public().values_list("pk", "kind")
    return Numbers(
        ideas_by_month=_by_month(ideas, "published_at", "author_role"),
        supports_by_month=_by_month(supports, "created_at", "role"),
        comments_by_month=_by_month(comments, "created_at", "author__role"),
        ideas_by_goal=dict(
            links.values_list("goalpage_id").annotate(n=Count("idea_id"))
        ),
        goal_kinds=dict(goals),
        ideas_by_district={
            name or "": n
            for name, n in ideas.values_list("district__name").annotate(n=Count("pk"))
        },
        ideas_by_kind=dict(ideas.values_list("kind").annotate(n=Count("pk"))),
        funnel=ideas.aggregate(
            submitted=Count("pk"),
            answered=Count("pk", filter=Q(first_answered_at__isnull=False)),
            accepted=Count("pk", filter=Q(status__in=ACCEPTED)),
            project=Count("pk", filter=Q(status__in=AS_PROJECT)),
            completed=Count("pk", filter=Q(status=IdeaStatus.IMPLEMENTED)),
        ),
        **_answer_times(ideas),
    )


def _by_month(queryset: QuerySet, at: str, role: str) -> dict[str, dict[str, int]]:
    counted: dict[str, dict[str, int]] = defaultdict(dict)
    rows = (
        queryset.annotate(month=TruncMonth(at))
        .values_list("month", role)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for month, who, n in rows:
        local = timezone.localtime(month) if isinstance(month, datetime) else month
        counted[f"{local:%Y-%m}"][who or FORMER] = n
    return dict(counted)


def _answer_times(ideas: QuerySet[Idea]) -> dict:
    answered = ideas.filter(first_answered_at__isnull=False).values_list(
        "published_at", "first_answered_at"
    )
    days = sorted(
        max((answer - published).total_seconds(), 0) / 86400
        for published, answer in answered.iterator(chunk_size=5000)
        if published is not None and answer is not None  # both, by the filters
    )
    buckets = [0] * (len(ANSWER_BUCKETS) + 1)
    for day in days:
        buckets[sum(1 for limit in ANSWER_BUCKETS if day > limit)] += 1
    return {
        "answer_days": {
            "median": round(stats.median(days), 1) if days else None,
            "p90": round(days[int(0.9 * (len(days) - 1))], 1) if days else None,
        },
        "answer_buckets": buckets,
    }
