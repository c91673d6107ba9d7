from tests.ideas.conftest import goals  # noqa: F401 - shared fixture
