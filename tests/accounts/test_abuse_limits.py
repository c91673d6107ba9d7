"""What one person may make the platform do to others, and how often:
invitations only from verified organisations, and limits per hour on
invitations, new organisations, ideas and reports. Limits are counted in the
database and explained in the person's language."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from accounts import organisations
from accounts.models import Invitation, Membership, Organisation
from ideas import moderation, services
from ideas.models import Flag, Idea
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.accounts.test_organisations import ACCEPT_URL, verified_person
from tests.accounts.test_signup import sign_up
from tests.ideas.factories import IdeaFactory
from tests.ideas.test_services import data

pytestmark = pytest.mark.django_db


def admin_of(organisation: Organisation):
    person = verified_person()
    MembershipFactory(organisation=organisation, user=person, role="admin")
    return person


def invite(actor, organisation, n: int) -> Invitation:
    return organisations.invitation_create(
        actor=actor,
        organisation=organisation,
        email=f"inbjuden{n}@example.org",
        accept_url=ACCEPT_URL,
    )


def test_an_unverified_organisation_sends_no_invitations(
    client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(verified=False, name="Vinn 10 000 kr här")
    admin = admin_of(organisation)
    with pytest.raises(PermissionDenied):
        invite(admin, organisation, 1)
    client.force_login(admin)
    with translation.override("sv"):
        invite_page = reverse("accounts:organisation_invite", args=[organisation.slug])
        detail = reverse("accounts:organisation_detail", args=[organisation.slug])
    assert client.get(invite_page).status_code == 403
    assert client.post(invite_page, {"email": "x@example.org"}).status_code == 403
    assert "när staden har verifierat" in client.get(detail).content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


@override_settings(INVITATIONS_PER_HOUR=3, INVITATIONS_PER_HOUR_PER_ORGANISATION=5)
def test_invitations_per_person_and_per_organisation_are_limited(client):
    organisation = OrganisationFactory(verified=True)
    first, second = admin_of(organisation), admin_of(organisation)
    for n in range(3):
        invite(first, organisation, n)
    with pytest.raises(ValidationError, match="3 inbjudningar den senaste timmen"):
        invite(first, organisation, 3)
    invite(second, organisation, 4)
    invite(second, organisation, 5)
    with pytest.raises(ValidationError, match="5 inbjudningar den senaste timmen"):
        invite(second, organisation, 6)
    assert Invitation.objects.count() == 5

    client.force_login(first)
    with translation.override("sv"):
        page = reverse("accounts:organisation_invite", args=[organisation.slug])
    response = client.post(page, {"email": "ny@example.org"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert "inbjudningar den senaste timmen" in response.content.decode()
    assert Invitation.objects.count() == 5


@override_settings(ORGANISATIONS_PER_DAY=2)
def test_one_person_registers_a_few_organisations_a_day():
    person = verified_person()
    for n in range(2):
        organisations.organisation_create(
            actor=person,
            name=f"Förening {n}",
            kind="association",
            website=f"https://forening{n}.example.org",
        )
    with pytest.raises(ValidationError, match="2 organisationer i dag"):
        organisations.organisation_create(
            actor=person,
            name="Förening 3",
            kind="association",
            website="https://forening3.example.org",
        )
    assert Membership.objects.filter(user=person).count() == 2


@override_settings(IDEAS_PER_HOUR=2)
def test_one_person_writes_a_few_ideas_an_hour(resident, goals):
    for _ in range(2):
        services.idea_create(actor=resident, data=data(goals), publish=False)
    with pytest.raises(ValidationError, match="2 idéer den senaste timmen"):
        services.idea_create(actor=resident, data=data(goals), publish=True)
    assert Idea.objects.filter(author=resident).count() == 2


@override_settings(REPORTS_PER_HOUR=2, IDEA_FLAG_HIDE_THRESHOLD=99)
def test_one_person_sends_a_few_reports_an_hour(resident):
    ideas = IdeaFactory.create_batch(3)
    for idea in ideas[:2]:
        moderation.idea_flag(actor=resident, idea=idea, reason="spam")
    with pytest.raises(ValidationError, match="2 anmälningar den senaste timmen"):
        moderation.idea_flag(actor=resident, idea=ideas[2], reason="spam")
    assert Flag.objects.filter(user=resident).count() == 2


def test_the_verification_mail_does_not_quote_the_chosen_name(client):
    bait = "Vinn 10 000 kr på evil.example"
    assert (
        sign_up(client, email="offer@example.org", display_name=bait).status_code == 302
    )
    (message,) = mail.outbox
    assert message.to == ["offer@example.org"]
    assert "evil.example" not in message.body and "Vinn" not in message.body
    assert "verifieringskod" in message.body.lower() or "code" in message.body.lower()
