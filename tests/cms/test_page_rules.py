import datetime

import pytest
from django.utils import timezone

from cms import models
from tests.cms.factories import (
    ChallengeIndexPageFactory,
    ChallengePageFactory,
    StrategyPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("child", "parent", "allowed"),
    [
        (models.StrategyPage, models.HomePage, True),
        (models.GoalPage, models.StrategyPage, True),
        (models.GoalPage, models.HomePage, False),
        (models.ChallengePage, models.ChallengeIndexPage, True),
        (models.ChallengePage, models.HomePage, False),
        (models.PrinciplePage, models.PrincipleIndexPage, True),
        (models.NewsPage, models.NewsIndexPage, True),
        (models.NewsPage, models.StandardPage, False),
        (models.StandardPage, models.StandardPage, True),
        (models.HomePage, models.HomePage, False),
    ],
)
def test_page_types_only_go_where_the_site_structure_allows(child, parent, allowed):
    assert (parent in child.allowed_parent_page_models()) is allowed
    assert (child in parent.allowed_subpage_models()) is allowed


def test_a_home_page_has_one_strategy_page_at_most(home):
    StrategyPageFactory(parent=home)
    assert not models.StrategyPage.can_create_at(home)


def schedule(*spans: tuple[str, int, int | None]) -> models.ChallengeSchedule:
    """A schedule of phases given as (kind, first day, last day) from today."""
    today = timezone.localdate()
    return models.ChallengeSchedule.of(
        [
            models.ChallengePhase(
                kind=kind,
                starts_on=today + datetime.timedelta(days=start),
                ends_on=None if end is None else today + datetime.timedelta(days=end),
            )
            for kind, start, end in spans
        ],
        today,
    )


@pytest.mark.parametrize(
    ("spans", "state", "closes_in"),
    [
        ([], "unscheduled", None),
        ([("ideation", 3, 10), ("support", 11, 20)], "upcoming", 20),
        ([("ideation", -3, 10), ("support", 11, 20), ("closed", 21, None)], "open", 20),
        ([("ideation", -20, -11), ("support", -10, 5)], "open", 5),
        ([("ideation", -20, -11), ("support", -5, 5)], "open", 5),  # a gap
        ([("ideation", -20, -11), ("evaluation", -10, 5)], "evaluation", -11),
        ([("ideation", -20, -11), ("closed", -10, None)], "closed", -11),
        ([("ideation", -20, -11)], "closed", -11),
        ([("ideation", -20, None)], "open", None),
    ],
)
def test_a_challenges_dates_and_state_come_from_its_phases(spans, state, closes_in):
    found = schedule(*spans)
    assert found.state == state
    today = timezone.localdate()
    closes = None if closes_in is None else today + datetime.timedelta(closes_in)
    assert found.closes_on == closes
    assert found.is_open is (state == "open")


def test_a_challenge_in_its_last_days_says_when_it_closes(client, home):
    index = ChallengeIndexPageFactory(parent=home)
    today = timezone.localdate()
    ChallengePageFactory(
        parent=index,
        title="Trygga skolvägar",
        phases=[
            models.ChallengePhase(
                kind="ideation",
                starts_on=today - datetime.timedelta(days=30),
                ends_on=datetime.date(today.year + 1, 1, 5),
            ),
            models.ChallengePhase(
                kind="closed", starts_on=datetime.date(today.year + 1, 1, 6)
            ),
        ],
    )
    html = client.get(index.url).content.decode()
    assert f"Idéinsamling till och med 5 januari {today.year + 1}" in html
