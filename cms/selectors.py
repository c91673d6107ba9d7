"""Reads of CMS pages: live, public, in one locale, with what templates need."""

from collections.abc import Iterable
from datetime import date

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from wagtail.models import Locale, Page

from cms.models import (
    ChallengeIndexPage,
    ChallengePage,
    ChallengePhase,
    ChallengeSchedule,
    GoalPage,
    NewsPage,
)


def goal_list(*, locale: Locale) -> QuerySet[GoalPage]:
    return GoalPage.objects.live().public().filter(locale=locale).order_by("path")


def page_first_of_type(model: type[Page], *, locale: Locale) -> Page | None:
    return model.objects.live().public().filter(locale=locale).first()


def _challenges(locale: Locale) -> QuerySet[ChallengePage]:
    return (
        ChallengePage.objects.live()
        .public()
        .filter(locale=locale)
        .prefetch_related(
            Prefetch("goals", queryset=GoalPage.objects.only("id", "translation_key"))
        )
        .order_by("path")
    )


def _scheduled(challenges: list[ChallengePage]) -> list[ChallengePage]:
    """Give each challenge its schedule from its phases, which belong to the
    default-language page (one query for all), newest opening first."""
    default = Locale.get_default()
    keys = {c.translation_key for c in challenges}
    phases: dict[object, list[ChallengePhase]] = {key: [] for key in keys}
    rows = ChallengePhase.objects.filter(
        page__translation_key__in=keys, page__locale=default
    ).annotate(page_key=F("page__translation_key"))
    for phase in rows:
        phases[phase.page_key].append(phase)
    today = timezone.localdate()
    for challenge in challenges:
        challenge._schedule = ChallengeSchedule.of(
            phases.get(challenge.translation_key, []), today
        )
    by_path = sorted(challenges, key=lambda c: c.path)
    return sorted(by_path, key=lambda c: c.schedule.opens_on or date.min, reverse=True)


def challenge_list(*, parent: ChallengeIndexPage) -> list[ChallengePage]:
    children = _challenges(parent.locale).filter(
        path__startswith=parent.path, depth=parent.depth + 1
    )
    challenges = _scheduled(list(children))
    return attach_localized_goals(challenges, locale=parent.locale)


def challenge_list_open(*, locale: Locale, limit: int) -> list[ChallengePage]:
    """Challenges people can take part in now (their phases say so)."""
    challenges = _scheduled(list(_challenges(locale)))
    open_now = [c for c in challenges if c.schedule.is_open][:limit]
    return attach_localized_goals(open_now, locale=locale)


def challenge_list_for_goal(*, goal: GoalPage) -> list[ChallengePage]:
    # A translated challenge may still link to the goal's source-language page,
    # so goals are matched across languages by translation key.
    linked = _challenges(goal.locale).filter(
        goals__translation_key=goal.translation_key
    )
    challenges = _scheduled(list(linked.distinct()))
    return attach_localized_goals(challenges, locale=goal.locale)


def attach_localized_goals(
    challenges: list[ChallengePage], *, locale: Locale
) -> list[ChallengePage]:
    """Set ``challenge.localized_goals``: its goals in ``locale``, in one query.

    Expects ``goals`` prefetched on every challenge.
    """
    keys = {goal.translation_key for c in challenges for goal in c.goals.all()}
    by_key = localized_by_translation_key(GoalPage, keys, locale=locale)
    for challenge in challenges:
        goals = (by_key.get(g.translation_key) for g in challenge.goals.all())
        challenge.localized_goals = sorted(
            (g for g in goals if g is not None), key=lambda g: g.path
        )
    return challenges


def localized_by_translation_key(
    model: type[Page], keys: Iterable[object], *, locale: Locale
) -> dict[object, Page]:
    keys = set(keys)
    if not keys:
        return {}
    pages = (
        model.objects.live().public().filter(locale=locale, translation_key__in=keys)
    )
    return {page.translation_key: page for page in pages}


def news_list(*, locale: Locale, parent: Page | None = None) -> QuerySet[NewsPage]:
    news = NewsPage.objects.live().public().filter(locale=locale)
    if parent is not None:
        news = news.child_of(parent)
    return news.order_by("-date", "-first_published_at")
