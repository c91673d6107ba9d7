"""What ideas/ shows on a goal's page (ideas.page_sections) follows every
committed change, however it is kept between them."""

from datetime import date
from decimal import Decimal

import pytest

from cms.models import GoalPage
from common import data_version
from ideas import projects
from ideas.models import IdeaStatus, Indicator
from tests.ideas.factories import IdeaFactory
from tests.ideas.test_projects import project_data

pytestmark = pytest.mark.django_db


def test_a_goals_projects_and_latest_measures_follow_each_committed_change(
    client, demo_site, settings, committed, moderator
):
    """The number of a goal's projects is remembered per data version and an
    indicator's latest value read with the indicator: a new project and a
    new measurement both reach the next reader."""

    settings.DATA_VERSION_CACHE_SECONDS = 300
    data_version.bump()
    url = "/sv/strategi/ekologiskt-hallbar/"
    goal = GoalPage.objects.get(url_path__endswith="/strategi/ekologiskt-hallbar/")

    def count_of_projects() -> str:
        html = client.get(url).content.decode()
        return html.split('id="goal-projects">')[1].split("<")[0]

    before = count_of_projects()
    with committed():
        idea = IdeaFactory(goals=[goal], status=IdeaStatus.ACCEPTED)
        projects.project_promote(
            actor=moderator, ideas=[idea], data=project_data(), reason="Projekt."
        )
    assert count_of_projects() != before
    leaks = Indicator.objects.get(name="Läckor upptäckta innan de syns")
    with committed():
        projects.indicator_value_set(
            actor=moderator, indicator=leaks, measured_on=date(2099, 1, 1),
            value=Decimal(312),
        )  # fmt: skip
    assert "312\u00a0st" in client.get(url).content.decode()
