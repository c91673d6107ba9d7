import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from accounts import organisations
from accounts.models import Invitation, Membership, Organisation, Role, User
from accounts.validators import normalise_org_number
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
ACCEPT_URL = "https://idestad.example/sv/organisations/invitations/{token}/"


def verified_person(**fields) -> User:
    person = UserFactory(**fields)
    EmailAddress.objects.create(
        user=person, email=person.email, verified=True, primary=True
    )
    return person


def moderator() -> User:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    person = verified_person()
    person.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    TOTP.activate(person, generate_totp_secret())  # staff power needs it
    return person


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


@pytest.mark.parametrize(
    "raw", ["556036-0793", "5560360793", "16556036-0793", " 556036 0793 "]
)
def test_valid_organisation_numbers_are_normalised(raw):
    assert normalise_org_number(raw) == "556036-0793"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("556036-0794", "check_digit"),
        ("55603607", "format"),
        ("abc", "format"),
        ("800101-0019", "not_organisation"),
    ],
)
def test_invalid_organisation_numbers_are_refused_with_the_reason(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise_org_number(raw)
    assert error.value.code == code


def test_a_verified_person_registers_an_organisation_and_becomes_its_admin():
    person = verified_person()
    org = organisations.organisation_create(
        actor=person, name="Kista Sensor AB", kind="company", org_number="556036-0793"
    )
    assert (org.slug, org.verified) == ("kista-sensor-ab", False)
    assert Membership.objects.get(organisation=org).role == "admin"


def test_an_unverified_person_cannot_register_an_organisation():
    with pytest.raises(PermissionDenied):
        organisations.organisation_create(
            actor=UserFactory(), name="X AB", kind="company", website="https://x.se"
        )
    assert not Organisation.objects.exists()


def test_the_form_explains_a_bad_number_in_swedish_and_saves_nothing(client):
    client.force_login(verified_person())
    response = client.post(
        sv("accounts:organisation_create"),
        {"name": "X AB", "kind": "company", "org_number": "556036-0794"},
    )
    assert response.status_code == 400
    assert "kontrollsiffran" in response.content.decode().lower()
    assert not Organisation.objects.exists() and not Membership.objects.exists()


def test_the_form_needs_a_number_or_a_website(client):
    client.force_login(verified_person())
    response = client.post(
        sv("accounts:organisation_create"), {"name": "X AB", "kind": "company"}
    )
    assert response.status_code == 400
    assert "org_number" in response.context["form"].errors


@pytest.fixture
def company():
    admin = verified_person(display_name="Anna Admin")
    org = organisations.organisation_create(
        actor=admin, name="Kista Sensor AB", kind="company", org_number="556036-0793"
    )
    return org, admin


def test_a_moderator_verifies_and_members_become_company(company):
    org, admin = company
    assert organisations.organisation_verify(actor=moderator(), organisation=org)
    assert User.objects.get(pk=admin.pk).role == Role.COMPANY
    assert not organisations.organisation_verify(actor=moderator(), organisation=org)


def test_a_member_cannot_verify_their_own_organisation_even_as_moderator(company):
    org, admin = company
    admin.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    with pytest.raises(PermissionDenied):
        organisations.organisation_verify(actor=admin, organisation=org)
    with pytest.raises(PermissionDenied):
        organisations.organisation_verify(actor=verified_person(), organisation=org)
    assert not Organisation.objects.get(pk=org.pk).verified


@pytest.fixture
def verified_company(company):
    """Only organisations the city has verified send invitations."""
    org, admin = company
    Organisation.objects.filter(pk=org.pk).update(verified=True)
    org.refresh_from_db()
    return org, admin


def invite(org, admin, email, django_capture_on_commit_callbacks) -> Invitation:
    with django_capture_on_commit_callbacks(execute=True):
        return organisations.invitation_create(
            actor=admin, organisation=org, email=email, accept_url=ACCEPT_URL
        )


def test_an_invitation_is_mailed_and_accepted_once_by_its_addressee(
    verified_company, django_capture_on_commit_callbacks
):
    org, admin = verified_company
    invitation = invite(
        org, admin, "bo@example.org", django_capture_on_commit_callbacks
    )
    assert mail.outbox[-1].to == ["bo@example.org"]
    assert ACCEPT_URL.format(token=invitation.token) in mail.outbox[-1].body
    bo = verified_person(email="bo@example.org")
    membership = organisations.invitation_accept(actor=bo, token=invitation.token)
    assert (membership.organisation, membership.role) == (org, "member")
    with pytest.raises(ValidationError, match="redan använts"):
        organisations.invitation_accept(actor=bo, token=invitation.token)


def test_an_invitation_used_by_the_wrong_account_is_refused(
    verified_company, django_capture_on_commit_callbacks
):
    org, admin = verified_company
    invitation = invite(
        org, admin, "bo@example.org", django_capture_on_commit_callbacks
    )
    with pytest.raises(PermissionDenied):
        organisations.invitation_accept(actor=verified_person(), token=invitation.token)
    assert Membership.objects.filter(organisation=org).count() == 1


def test_an_expired_invitation_is_refused(
    verified_company, django_capture_on_commit_callbacks
):
    org, admin = verified_company
    invitation = invite(
        org, admin, "bo@example.org", django_capture_on_commit_callbacks
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=invitation.created_at - timedelta(days=15)
    )
    with pytest.raises(ValidationError, match="gått ut"):
        organisations.invitation_accept(
            actor=verified_person(email="bo@example.org"), token=invitation.token
        )


def test_only_organisation_admins_invite(verified_company):
    org, _admin = verified_company
    with pytest.raises(PermissionDenied):
        organisations.invitation_create(
            actor=verified_person(),
            organisation=org,
            email="x@example.org",
            accept_url=ACCEPT_URL,
        )
    assert not Invitation.objects.exists()


def test_the_invitation_pages_work_end_to_end(client, verified_company):
    org, admin = verified_company
    client.force_login(admin)
    response = client.post(
        sv("accounts:organisation_invite", org.slug), {"email": "bo@example.org"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    bo = verified_person(email="bo@example.org", display_name="Bo Berg")
    client.force_login(bo)
    response = client.post(sv("accounts:invitation_accept", invitation.token))
    assert response.status_code == 302
    page = client.get(sv("accounts:organisation_detail", org.slug)).content.decode()
    assert "Bo Berg" in page and "Anna Admin" in page
    again = client.post(sv("accounts:invitation_accept", invitation.token))
    assert again.status_code == 400
    assert "redan använts" in again.content.decode()


def test_the_public_pages_show_the_verified_badge(client, company):
    org, admin = company
    organisations.organisation_verify(actor=moderator(), organisation=org)
    page = client.get(sv("accounts:organisation_detail", org.slug)).content.decode()
    assert "Verifierad organisation" in page
    profile = client.get(sv("accounts:people_detail", admin.pk)).content.decode()
    assert "Kista Sensor AB" in profile and "Verifierad organisation" in profile
    assert "Företag" in profile


def test_the_membership_is_in_the_data_download(company):
    from accounts import privacy

    org, admin = company
    [membership] = privacy.export_user_data(admin)["memberships"]
    assert (membership["organisation"], membership["role"]) == (
        "Kista Sensor AB",
        "admin",
    )


def logo_upload(content: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGBA", (900, 300), (0, 90, 160, 255)).save(output, format="PNG")
    return output.getvalue()


def test_an_organisation_admin_uploads_a_logo_re_encoded(client, company, settings):
    org, admin = company
    client.force_login(admin)
    assert client.get(sv("accounts:organisation_logo", org.slug)).status_code == 200
    response = client.post(
        sv("accounts:organisation_logo", org.slug), {"logo": logo_upload(png_bytes())}
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.logo.name.endswith(".webp")
    with Image.open(org.logo.path) as stored:
        assert stored.format == "WEBP" and max(stored.size) <= 400
    page = client.get(sv("accounts:organisation_detail", org.slug)).content.decode()
    assert org.logo.url in page


def test_a_logo_that_is_not_an_image_is_explained_and_nothing_is_saved(client, company):
    org, admin = company
    client.force_login(admin)
    response = client.post(
        sv("accounts:organisation_logo", org.slug),
        {"logo": logo_upload(b"MZ\x90\x00 not really a picture", "logo.png")},
    )
    assert response.status_code == 400
    assert "inte en bild" in response.content.decode()
    org.refresh_from_db()
    assert not org.logo


def test_only_an_organisation_admin_may_change_the_logo(client, company):
    org, _admin = company
    member = verified_person()
    Membership.objects.create(organisation=org, user=member)
    client.force_login(member)
    assert client.get(sv("accounts:organisation_logo", org.slug)).status_code == 403
    with pytest.raises(PermissionDenied):
        organisations.organisation_logo_set(
            actor=member, organisation=org, upload=logo_upload(png_bytes())
        )
