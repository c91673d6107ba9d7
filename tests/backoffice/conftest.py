import pytest

from tests.ideas.conftest import challenge_index, goals, make_challenge  # noqa: F401
from tests.ideas.factories import StaffFactory, VerifiedUserFactory


@pytest.fixture
def moderator():
    return StaffFactory(display_name="Moa Moderator", group="Moderators")


@pytest.fixture
def staff():
    return StaffFactory(display_name="Sara Stadsanställd", unit="Trafikkontoret")


@pytest.fixture
def resident():
    return VerifiedUserFactory(display_name="Rut Resident")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
