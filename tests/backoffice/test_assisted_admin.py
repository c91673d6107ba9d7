import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AssistedRegistration, AuditLogEntry
from forum.models import Post
from ideas.models import Idea, Support
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(staff):
    person = VerifiedUserFactory(display_name="Gunnel")
    AssistedRegistration.objects.create(
        user=person, registered_by=staff, place="Kista bibliotek",
        consent_at=timezone.now(), consent_text="Jag vill att personalen hjälper mig.",
    )  # fmt: skip
    return person


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_write_an_idea_a_support_and_a_comment_for_an_assisted_person(
    staff_client, person, goals, client
):
    url = reverse("backoffice_assisted:person", args=[person.pk])
    response = staff_client.post(url, {
        "action": "idea", "idea-title": "Fler bänkar vid biblioteket",
        "idea-summary": "Det behövs sittplatser.", "idea-body": "Gärna med ryggstöd.",
        "idea-kind": "idea", "idea-goals": [goals[0].pk],
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-2000:]
    idea = Idea.objects.get(title="Fler bänkar vid biblioteket")
    assert (idea.author, idea.assisted_by_id) == (person, response.wsgi_request.user.pk)
    other = IdeaFactory()
    staff_client.post(url, {"action": "support", "support-idea": other.pk})
    support = Support.objects.get(idea=other)
    assert (support.user, support.assisted_by) == (person, response.wsgi_request.user)
    staff_client.post(url, {"action": "comment", "comment-idea": other.pk,
                            "comment-body": "Jag håller med."})  # fmt: skip
    post = Post.objects.get(idea=other)
    assert (post.author, post.assisted_by_id) == (person, response.wsgi_request.user.pk)
    assert AuditLogEntry.objects.filter(action="assisted.contribution").count() == 3
    page = client.get(other.get_absolute_url()).content.decode()
    assert "Jag håller med." in page
    assert (
        "Med hjälp av stadens personal" in page
        or "With assistance from city staff" in page
    )


def test_nobody_takes_part_for_a_person_without_recorded_consent(staff_client):
    stranger = VerifiedUserFactory()
    idea = IdeaFactory()
    response = staff_client.post(
        reverse("backoffice_assisted:person", args=[stranger.pk]),
        {"action": "support", "support-idea": idea.pk},
    )
    assert response.status_code == 400
    assert not Support.objects.exists()


def test_the_list_shows_everyone_registered_with_assistance(staff_client, person):
    response = staff_client.get(reverse("backoffice_assisted:index"))
    assert "Gunnel" in response.content.decode()
    assert "Kista bibliotek" in response.content.decode()
