import pytest

from tests.ideas.conftest import (  # noqa: F401 - shared fixtures
    challenge_index,
    goals,
    make_challenge,
    moderator,
    other_resident,
    resident,
    staff,
)
from tests.ideas.factories import IdeaFactory


@pytest.fixture
def idea(db):
    return IdeaFactory()


@pytest.fixture
def events_sent():
    """The events services write, in order, as (stream, event, data)."""
    from live.models import StreamEvent

    def sent(since: int = 0) -> list[tuple[str, str, dict]]:
        return [
            (e.stream, e.event, e.data)
            for e in StreamEvent.objects.filter(pk__gt=since).order_by("pk")
        ]

    return sent
