import pytest

from cms.models import ChallengePhase, PhaseKind
from tests.cms.factories import (
    ChallengeIndexPageFactory,
    ChallengePageFactory,
    GoalPageFactory,
    StrategyPageFactory,
    phases_around,
)
from tests.ideas.factories import StaffFactory, VerifiedUserFactory


@pytest.fixture
def goals(home):
    strategy = StrategyPageFactory(parent=home)
    return [
        GoalPageFactory(parent=strategy, title="Smart stad för invånarna"),
        GoalPageFactory(parent=strategy, title="Hållbar stad"),
    ]


@pytest.fixture
def challenge_index(home):
    return ChallengeIndexPageFactory(parent=home)


def phases(current: str, *, days: int = 10) -> list[ChallengePhase]:
    """Phases in order, with ``current`` running today."""
    return phases_around(current, days=days)


@pytest.fixture
def make_challenge(challenge_index):
    def make(current: str = PhaseKind.IDEATION, **fields):
        return ChallengePageFactory(
            parent=challenge_index, phases=phases(current), **fields
        )

    return make


@pytest.fixture
def resident():
    return VerifiedUserFactory(display_name="Rut Resident")


@pytest.fixture
def other_resident():
    return VerifiedUserFactory(display_name="Olle Annan")


@pytest.fixture
def staff():
    return StaffFactory(display_name="Sara Stadsanställd")


@pytest.fixture
def moderator():
    return StaffFactory(display_name="Moa Moderator", group="Moderators")
