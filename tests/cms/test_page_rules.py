import datetime

import pytest
from django.core.exceptions import ValidationError
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


def test_a_challenge_cannot_close_before_it_opens(home):
    index = ChallengeIndexPageFactory(parent=home)
    today = timezone.localdate()
    challenge = ChallengePageFactory.build(
        opens_on=today, closes_on=today - datetime.timedelta(days=1)
    )
    challenge.path, challenge.depth = index.path + "0001", index.depth + 1
    challenge.locale = index.locale
    with pytest.raises(ValidationError) as error:
        challenge.full_clean()
    assert "closes_on" in error.value.message_dict


@pytest.mark.parametrize(
    ("opens", "closes", "is_open"),
    [(-5, 5, True), (-5, None, True), (0, 0, True), (1, 10, False), (-10, -1, False)],
)
def test_a_challenge_is_open_between_its_dates(opens, closes, is_open):
    today = timezone.localdate()
    challenge = models.ChallengePage(
        opens_on=today + datetime.timedelta(days=opens),
        closes_on=None if closes is None else today + datetime.timedelta(days=closes),
    )
    assert challenge.is_open is is_open
