# The ideas fixtures (goals, people, challenges) serve notifications too.
from tests.ideas.conftest import *  # noqa: F403
