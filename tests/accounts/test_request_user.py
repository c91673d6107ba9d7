"""The signed-in person is read with what permissions ask of them
(accounts.selectors.user_for_request): the answers are the same as asking
afresh, and a resident's request asks the database nothing more."""

import pytest
from django.contrib.auth import get_user
from django.utils import timezone

from accounts.models import AssistedRegistration
from accounts.rules import is_verified
from accounts.second_factor import holds_staff_power, lacks_second_factor
from accounts.selectors import user_for_request
from ideas import beside
from ideas.models import Idea
from tests.accounts.factories import UserFactory
from tests.ideas.factories import IdeaFactory, StaffFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def registered_in_person():
    person = UserFactory()
    AssistedRegistration.objects.create(
        user=person, registered_by=None, place="Kista bibliotek",
        consent_at=timezone.now(), consent_text="Ja.",
    )  # fmt: skip
    return person


@pytest.mark.parametrize(
    ("make", "verified"),
    [
        (VerifiedUserFactory, True),
        (UserFactory, False),
        (registered_in_person, True),
    ],
    ids=["verified e-mail", "unverified", "registered in person"],
)
def test_a_resident_is_read_with_their_standing_in_one_query(
    make, verified, django_assert_num_queries
):
    person = make()
    with django_assert_num_queries(1):
        loaded = user_for_request(pk=person.pk)
        assert is_verified(loaded) is verified
        assert holds_staff_power(loaded) is False
        assert lacks_second_factor(loaded) is False
    # As a form that acts on an idea reads it (ideas.access).
    idea = beside.with_co_author_presence(Idea.objects).get(pk=IdeaFactory().pk)
    beside.load_co_authors(idea)
    with django_assert_num_queries(0):
        assert loaded.has_perm("ideas.support_idea", idea) is verified


@pytest.mark.parametrize("group", ["Moderators", "City staff", "Editors"])
def test_staff_are_still_known_as_staff(group, settings):
    settings.STAFF_MFA_REQUIRED = True
    with_factor = user_for_request(pk=StaffFactory(group=group).pk)
    without = user_for_request(pk=StaffFactory(group=group, second_factor=False).pk)
    assert holds_staff_power(with_factor) and holds_staff_power(without)
    assert not lacks_second_factor(with_factor)
    assert lacks_second_factor(without)
    assert with_factor.has_perm("ideas.change_status_idea", IdeaFactory()) is (
        group != "Editors"
    )
    assert not without.has_perm("ideas.change_status_idea", IdeaFactory())


def test_nobody_is_read_for_a_session_of_an_inactive_or_deleted_account(client):
    person = VerifiedUserFactory()
    client.force_login(person)
    request = client.get("/sv/").wsgi_request
    assert get_user(request).pk == person.pk
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert not get_user(client.get("/sv/").wsgi_request).is_authenticated
    assert user_for_request(pk=person.pk + 1000) is None


def test_a_signed_in_request_reads_its_person_in_one_query(
    client, django_assert_num_queries
):
    """The person with their standing, from a session already read: one query,
    whichever backend signed them in."""
    person = VerifiedUserFactory()
    for backend in (
        "accounts.backends.SecondFactorModelBackend",
        "accounts.backends.EmailAuthenticationBackend",
    ):
        client.force_login(person, backend=backend)
        request = client.get("/sv/").wsgi_request
        with django_assert_num_queries(1):
            user = get_user(request)
            assert user.pk == person.pk
            assert is_verified(user)
            assert not holds_staff_power(user)
