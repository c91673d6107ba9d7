"""Blocks of pages that show CMS content only: the home page's strategy block
(open challenges, the goal picture) and latest news, and a goal's challenges.
Each is rendered once and shared by every reader (common/fragments.py), keyed
by the pages' version (``cms.navigation.version``, moved by every publish,
unpublish, move, delete and privacy change), the day (a challenge opens and
closes by date) and the language. Reading them cost the first reader after
any support or comment anywhere a fifth of the home page and of a goal page."""

from collections.abc import Callable

from django.utils import timezone
from django.utils.safestring import SafeString
from wagtail.models import Page

from cms import selectors
from cms.models import StrategyPage
from cms.navigation import version
from common.fragments import render_many


def _strategy(home: Page) -> dict[str, object]:
    return {
        "open_challenges": selectors.challenge_list_open(locale=home.locale, limit=3),
        "goals": selectors.goal_list(locale=home.locale),
        "strategy_page": selectors.page_first_of_type(StrategyPage, locale=home.locale),
    }


def _news(home: Page) -> dict[str, object]:
    return {"latest_news": selectors.news_list(locale=home.locale)[:3]}


def _goal_challenges(goal: Page) -> dict[str, object]:
    return {"challenges": selectors.challenge_list_for_goal(goal=goal)}


CARDS = (
    "includes/challenge_card.html",
    "includes/challenge_dates.html",
    "includes/goal_tags.html",
    "includes/goal_card.html",
    "includes/goal_icon.html",
)
Context = Callable[[Page], dict[str, object]]
BLOCKS: dict[str, tuple[str, tuple[str, ...], Context]] = {
    "strategy": ("includes/home_strategy.html", CARDS, _strategy),
    "news": ("includes/home_news.html", ("includes/news_item.html",), _news),
    "goal_challenges": ("includes/goal_challenges.html", CARDS, _goal_challenges),
}


def block(page: Page, part: str) -> SafeString:
    template, includes, context = BLOCKS[part]
    (html,) = render_many(
        template,
        [page],
        shown=lambda page: (page.pk, version(), timezone.localdate().isoformat()),
        context=context,
        includes=includes,
    )
    return html
