import pytest
from django.urls import reverse

from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_every_back_office_page_renders_for_a_moderator(moderator_client, moderator):
    idea = IdeaFactory()
    for name, args in [
        ("wagtailadmin_home", []),
        ("backoffice_ideas:index", []),
        ("backoffice_ideas:detail", [idea.pk]),
        ("backoffice_answer_times:index", []),
        ("backoffice_moderation:index", []),
        ("backoffice_organisations:index", []),
        ("backoffice_organisations:all", []),
        ("backoffice_reports:index", []),
    ]:
        response = moderator_client.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)
