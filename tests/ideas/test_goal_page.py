"""What ideas/ shows on a goal's page (ideas.page_sections) follows every
committed change, however it is kept between them."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import GoalPage
from common import data_version
from ideas import projects, supports
from ideas.models import IdeaStatus, Indicator
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
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


def test_a_goals_most_supported_follow_each_support_and_are_read_once_between(
    client, demo_site, settings, committed
):
    """The goal's most supported ideas are remembered per data version: the
    next reader after a support sees the new order, and readers between
    changes ask the database for none of the goal's lists; its projects are
    not read again after a support at all."""
    settings.DATA_VERSION_CACHE_SECONDS = 300
    data_version.bump()
    url = "/sv/strategi/ekologiskt-hallbar/"
    goal = GoalPage.objects.get(url_path__endswith="/strategi/ekologiskt-hallbar/")
    with committed():
        IdeaFactory(goals=[goal], title="Ledaren i stöd", support_count=500)
        follower = IdeaFactory(goals=[goal], title="Uppstickaren", support_count=499)

    def leader_and_queries() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        first = html.index("Ledaren i stöd") < html.index("Uppstickaren")
        return ("Ledaren" if first else "Uppstickaren"), [q["sql"] for q in queries]

    assert leader_and_queries()[0] == "Ledaren"
    for _ in range(2):
        with committed():
            supports.support_add(actor=VerifiedUserFactory(), idea=follower)
    leader, after_a_change = leader_and_queries()
    assert leader == "Uppstickaren"
    # A support changes no project: the goal's projects and indicators are
    # not read again (common.narrow_versions).
    assert not [sql for sql in after_a_change if 'FROM "ideas_project"' in sql]
    leader, between_changes = leader_and_queries()
    assert leader == "Uppstickaren"
    # The most supported and their goals' links.
    assert len(between_changes) <= len(after_a_change) - 2
