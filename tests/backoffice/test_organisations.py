import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AuditLogEntry, Membership, Organisation, Role, User
from accounts.services import user_refresh_role
from ideas.models import Idea
from ideas.supports import support_add
from notifications.models import Notification, NotificationKind
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.ideas.factories import IdeaFactory, StaffFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def applicant_org(**fields):
    admin = VerifiedUserFactory()
    organisation = OrganisationFactory(**fields)
    MembershipFactory(user=admin, organisation=organisation, role=Membership.Role.ADMIN)
    return admin, organisation


def test_the_queue_shows_the_evidence_and_checks_the_organisation_number(
    moderator_client,
):
    _admin, good = applicant_org(org_number="556036-0793", name="Bra AB")
    _admin, bad = applicant_org(org_number="556036-0794", name="Fel AB")
    OrganisationFactory(verified=True, name="Redan klar AB")
    response = moderator_client.get(reverse("backoffice_organisations:index"))
    html = response.content.decode()
    assert [o.pk for o in response.context["organisations"]] == [good.pk, bad.pk]
    assert "Redan klar AB" not in html
    checks = {o.name: o.number_check for o in response.context["organisations"]}
    assert checks["Bra AB"] != checks["Fel AB"]


def test_verifying_tells_the_administrators(
    moderator_client, django_capture_on_commit_callbacks
):
    admin, organisation = applicant_org(kind=Organisation.Kind.ASSOCIATION)
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("backoffice_organisations:decide", args=[organisation.pk]),
            {"action": "verify"},
        )
    organisation.refresh_from_db()
    assert organisation.verified
    assert User.objects.get(pk=admin.pk).role == Role.ASSOCIATION
    assert (
        Notification.objects.get(
            recipient=admin, kind=NotificationKind.ORGANISATION_DECIDED
        ).params["verified"]
        is True
    )


def test_refusing_needs_a_reason_and_tells_the_administrators_why(
    moderator_client, django_capture_on_commit_callbacks
):
    admin, organisation = applicant_org()
    url = reverse("backoffice_organisations:decide", args=[organisation.pk])
    moderator_client.post(url, {"action": "refuse", "reason": ""})
    assert Organisation.objects.get(pk=organisation.pk).refused_at is None
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            url, {"action": "refuse", "reason": "Webbplatsen hör till någon annan."}
        )
    organisation.refresh_from_db()
    assert organisation.refusal_reason == "Webbplatsen hör till någon annan."
    assert not organisation.verified
    assert AuditLogEntry.objects.filter(action="organisation.refused").exists()
    assert "Webbplatsen hör till någon annan." in mail.outbox[-1].body
    assert mail.outbox[-1].to == [admin.email]
    response = moderator_client.get(reverse("backoffice_organisations:index"))
    assert organisation not in response.context["organisations"]


def test_a_moderator_cannot_decide_on_their_own_organisation(
    moderator_client, moderator
):
    _admin, organisation = applicant_org()
    MembershipFactory(user=moderator, organisation=organisation)
    moderator_client.post(
        reverse("backoffice_organisations:decide", args=[organisation.pk]),
        {"action": "verify"},
    )
    assert not Organisation.objects.get(pk=organisation.pk).verified


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (Organisation.Kind.ASSOCIATION, Role.ASSOCIATION),
        (Organisation.Kind.PUBLIC_BODY, Role.PUBLIC_BODY),
    ],
)
def test_members_of_associations_and_public_bodies_are_not_counted_as_residents(
    kind, role
):
    member = VerifiedUserFactory()
    MembershipFactory(
        user=member, organisation=OrganisationFactory(verified=True, kind=kind)
    )
    user_refresh_role(user=member)
    member.refresh_from_db()
    assert member.role == role
    idea = IdeaFactory()
    support_add(actor=member, idea=idea)
    assert Idea.objects.get(pk=idea.pk).support_role_counts == {role: 1}


def test_the_list_of_all_organisations_shows_kind_and_members(moderator_client):
    _admin, organisation = applicant_org(
        kind=Organisation.Kind.PUBLIC_BODY, name="Region Stockholm"
    )
    response = moderator_client.get(reverse("backoffice_organisations:all"))
    row = next(o for o in response.context["page"] if o.pk == organisation.pk)
    assert row.member_count == 1
    assert "Region Stockholm" in response.content.decode()


def test_city_staff_cannot_verify(client):
    _admin, organisation = applicant_org()
    client.force_login(StaffFactory())
    client.post(
        reverse("backoffice_organisations:decide", args=[organisation.pk]),
        {"action": "verify"},
    )
    assert not Organisation.objects.get(pk=organisation.pk).verified
