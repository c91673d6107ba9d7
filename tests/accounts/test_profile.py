import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import AuditLogEntry, Role, User
from cms.models import District
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kista():
    return District.objects.create(name="Rinkeby-Kista", slug="rinkeby-kista")


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def test_a_person_sets_their_district_and_sees_it_on_their_public_page(client, kista):
    person = UserFactory(display_name="Nora Ny")
    client.force_login(person)
    response = client.post(
        sv("accounts:profile_edit"),
        {"display_name": "Nora N.", "district": kista.pk, "preferred_language": "en"},
    )
    assert response.status_code == 302
    assert response["Location"] == sv("accounts:people_detail", person.pk)
    person.refresh_from_db()
    assert (person.display_name, person.district, person.preferred_language) == (
        "Nora N.",
        kista,
        "en",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Nora N." in page and "Rinkeby-Kista" in page and "Invånare" in page
    entry = AuditLogEntry.objects.get(action="profile.updated")
    assert entry.details == {
        "fields": ["display_name", "district_id", "preferred_language"]
    }
    assert "Nora" not in str(entry.details)


def test_a_bad_profile_is_explained_and_nothing_is_saved(client):
    person = UserFactory(display_name="Nora Ny")
    client.force_login(person)
    response = client.post(
        sv("accounts:profile_edit"),
        {"display_name": "", "district": "999999", "preferred_language": "xx"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"display_name", "district", "preferred_language"}
    person.refresh_from_db()
    assert person.display_name == "Nora Ny"
    assert not AuditLogEntry.objects.exists()


def test_the_profile_form_needs_a_signed_in_person(client):
    response = client.get(sv("accounts:profile_edit"))
    assert response.status_code == 302
    assert response["Location"].startswith(sv("account_login"))


def test_nobody_changes_someone_elses_profile():
    anna, bert = UserFactory(), UserFactory(display_name="Bert")
    with pytest.raises(PermissionDenied):
        services.profile_update(
            actor=anna,
            user=bert,
            display_name="Hacked",
            district=None,
            preferred_language="sv",
        )
    bert.refresh_from_db()
    assert bert.display_name == "Bert"


def test_saving_an_unchanged_profile_is_a_no_op():
    person = UserFactory(display_name="Nora", preferred_language="sv")
    assert not services.profile_update(
        actor=person,
        user=person,
        display_name="Nora",
        district=None,
        preferred_language="sv",
    )
    assert not AuditLogEntry.objects.exists()


def test_the_public_page_of_an_unknown_or_inactive_person_is_not_found(client):
    gone = UserFactory(is_active=False)
    assert client.get(sv("accounts:people_detail", gone.pk)).status_code == 404
    assert client.get(sv("accounts:people_detail", 999999)).status_code == 404


def test_the_public_page_never_shows_the_email_address(client):
    person = UserFactory(email="secret@example.org")
    html = client.get(sv("accounts:people_detail", person.pk)).content.decode()
    assert "secret@example.org" not in html


@pytest.mark.django_db(transaction=True)
def test_joining_a_staff_group_makes_a_person_city_staff_and_is_audited():
    person = UserFactory()
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    person.groups.add(moderators)
    assert User.objects.get(pk=person.pk).role == Role.CITY_STAFF
    person.groups.remove(moderators)
    assert User.objects.get(pk=person.pk).role == Role.RESIDENT
    changes = list(
        AuditLogEntry.objects.filter(action="role.changed").values_list(
            "details", flat=True
        )
    )
    assert changes == [
        {"old": "city_staff", "new": "resident"},
        {"old": "resident", "new": "city_staff"},
    ]


def test_verified_means_a_verified_email_address():
    from accounts.rules import is_verified

    person = UserFactory()
    assert not is_verified(person)
    EmailAddress.objects.create(
        user=person, email=person.email, verified=True, primary=True
    )
    assert is_verified(User.objects.get(pk=person.pk))


def test_a_resident_cannot_grant_themselves_a_role_through_the_profile_form(
    client, kista
):
    person = UserFactory(display_name="Nora")
    client.force_login(person)
    client.post(
        sv("accounts:profile_edit"),
        {
            "display_name": "Nora",
            "district": kista.pk,
            "preferred_language": "sv",
            "role": "city_staff",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    person.refresh_from_db()
    assert person.role == Role.RESIDENT
    assert not person.is_staff and not person.is_superuser
    assert person.district == kista
