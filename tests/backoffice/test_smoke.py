import pytest
from django.urls import reverse

from accounts.models import AssistedRegistration
from tests.backoffice.factories import FlagFactory, ProjectFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_every_back_office_page_renders_for_a_moderator(moderator_client, moderator):
    idea = IdeaFactory()
    FlagFactory(idea=idea)
    project = ProjectFactory()
    person = VerifiedUserFactory()
    AssistedRegistration.objects.create(
        user=person, registered_by=moderator, place="Kista bibliotek",
        consent_at=idea.published_at, consent_text="Ja.",
    )  # fmt: skip
    for name, args in [
        ("wagtailadmin_home", []),
        ("backoffice_ideas:index", []),
        ("backoffice_ideas:detail", [idea.pk]),
        ("backoffice_answer_times:index", []),
        ("backoffice_moderation:index", []),
        ("backoffice_organisations:index", []),
        ("backoffice_organisations:all", []),
        ("backoffice_projects:index", []),
        ("backoffice_projects:edit", [project.pk]),
        ("backoffice_reports:index", []),
        ("backoffice_assisted:index", []),
        ("backoffice_assisted:person", [person.pk]),
        ("idea_chooser:choose", []),
    ]:
        response = moderator_client.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)
