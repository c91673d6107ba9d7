from tests.ideas.conftest import (  # noqa: F401 - shared fixtures
    challenge_index,
    goals,
    make_challenge,
    moderator,
    resident,
)
