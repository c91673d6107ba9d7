from datetime import timedelta

import pytest
from django.utils import timezone

from ideas import ranking, selectors
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_an_event_loses_half_its_weight_per_half_life():
    now = timezone.now()
    week_ago = now - ranking.HALF_LIFE
    assert ranking.decayed(ranking.heat(now, 1.0), now) == pytest.approx(1.0)
    assert ranking.decayed(ranking.heat(week_ago, 1.0), now) == pytest.approx(0.5)


def test_trending_prefers_recent_activity_over_more_old_activity(goals):
    now = timezone.now()
    month_ago = now - timedelta(days=28)
    # Ten supports four weeks ago weigh 10/16; two supports today weigh 2.
    old = IdeaFactory(goals=goals, heat=10 * ranking.heat(month_ago, 1.0))
    fresh = IdeaFactory(goals=goals, heat=2 * ranking.heat(now, 1.0))
    ideas = selectors.idea_list(filters=selectors.IdeaFilters(sort="trending"))
    assert list(ideas) == [fresh, old]
