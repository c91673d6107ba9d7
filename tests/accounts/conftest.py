from tests.ideas.conftest import goals, resident  # noqa: F401 - shared fixtures
