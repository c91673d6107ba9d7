"""Who may do what with accounts: every role against every permission."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import AnonymousUser, Group

from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "unverified",
    "resident",
    "company",
    "academia",
    "city_staff",
    "moderator",
]


def make(role: str):
    if role == "anonymous":
        return AnonymousUser()
    person = UserFactory()
    if role != "unverified":
        EmailAddress.objects.create(
            user=person, email=person.email, verified=True, primary=True
        )
    if role in {"company", "academia"}:
        organisation = OrganisationFactory(kind=role, verified=True)
        MembershipFactory(organisation=organisation, user=person)
    if role in {"city_staff", "moderator"}:
        name = "City staff" if role == "city_staff" else "Moderators"
        person.groups.add(Group.objects.get_or_create(name=name)[0])
        TOTP.activate(person, generate_totp_secret())  # staff power needs it
    return person


@pytest.fixture
def other_organisation():
    return OrganisationFactory()


# permission -> roles that hold it
GLOBAL = {
    "accounts.take_part": {
        "resident",
        "company",
        "academia",
        "city_staff",
        "moderator",
    },
    "accounts.add_organisation": {
        "resident",
        "company",
        "academia",
        "city_staff",
        "moderator",
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", GLOBAL)
def test_global_permissions(role, perm):
    assert make(role).has_perm(perm) is (role in GLOBAL[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "perm",
    ["accounts.change_profile", "accounts.export_data", "accounts.delete_account"],
)
def test_only_the_person_themselves_handles_their_account(role, perm):
    person = make(role)
    stranger = UserFactory()
    assert person.has_perm(perm, stranger) is False
    if role != "anonymous":
        assert person.has_perm(perm, person) is True


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_verify_organisations_they_do_not_belong_to(
    role, other_organisation
):
    person = make(role)
    allowed = role == "moderator"
    assert (
        person.has_perm("accounts.verify_organisation", other_organisation) is allowed
    )
    if role != "anonymous":
        MembershipFactory(organisation=other_organisation, user=person)
        assert not person.has_perm("accounts.verify_organisation", other_organisation)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("membership", [None, "member", "admin"])
@pytest.mark.parametrize("verified", [True, False], ids=["verified", "unverified"])
def test_only_verified_organisation_admins_invite(
    role, membership, verified, other_organisation
):
    other_organisation.verified = verified
    other_organisation.save(update_fields=["verified"])
    person = make(role)
    if membership and role != "anonymous":
        MembershipFactory(organisation=other_organisation, user=person, role=membership)
    allowed = (
        verified and membership == "admin" and role not in {"anonymous", "unverified"}
    )
    assert (
        person.has_perm("accounts.invite_to_organisation", other_organisation)
        is allowed
    )
