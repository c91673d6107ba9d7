from tests.ideas.conftest import goals, moderator  # noqa: F401 - shared fixtures
