"""Assisted participation: staff register a person with consent; the person takes
the account over with a printed code or the link sent by e-mail."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts import assisted
from accounts.models import AssistedRegistration, AuditLogEntry, User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
TAKEOVER_URL = "https://idestad.example/sv/account/takeover/"
CODE_PATTERN = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b")


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


@pytest.fixture
def staff() -> User:
    person = UserFactory()
    EmailAddress.objects.create(
        user=person, email=person.email, verified=True, primary=True
    )
    person.groups.add(Group.objects.get_or_create(name="City staff")[0])
    TOTP.activate(person, generate_totp_secret())
    return person


def register(staff: User, **fields: object) -> assisted.IssuedCode:
    values = {
        "display_name": "Gunnel",
        "place": "Kista bibliotek",
        "consent": True,
        "takeover_url": TAKEOVER_URL,
    }
    return assisted.assisted_register(actor=staff, **(values | fields))


def test_staff_register_a_person_without_e_mail_with_consent_recorded(staff):
    before = timezone.now()
    issued = register(staff)
    person = issued.registration.user
    assert person.email is None
    assert not person.has_usable_password()
    registration = AssistedRegistration.objects.get(user=person)
    assert registration.registered_by == staff
    assert registration.place == "Kista bibliotek"
    assert registration.consent_at >= before
    assert registration.consent_text == assisted.CONSENT_TEXT
    assert issued.code not in registration.code_digest
    assert len(issued.code) == 12 and CODE_PATTERN.fullmatch(issued.display)
    entry = AuditLogEntry.objects.get(action="assisted.registered")
    assert (entry.actor, entry.target, entry.details) == (
        staff,
        person,
        {"with_email": False},
    )
    # Met in person by staff: may take part before any e-mail is confirmed.
    assert person.has_perm("accounts.take_part")


def test_with_an_e_mail_address_the_link_is_sent_after_commit(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = register(staff, email="gunnel@example.org")
    (message,) = mail.outbox
    assert message.to == ["gunnel@example.org"]
    assert f"{TAKEOVER_URL}?code={issued.code}" in message.body
    assert issued.display in message.body


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"consent": False}, "samtycke"),
        ({"email": "taken@example.org"}, "finns redan"),
    ],
)
def test_no_consent_or_a_taken_address_saves_nothing(staff, fields, message):
    UserFactory(email="taken@example.org")
    users = User.objects.count()
    with pytest.raises(ValidationError, match=message):
        register(staff, **fields)
    assert User.objects.count() == users
    assert not AssistedRegistration.objects.exists()


def test_a_resident_cannot_register_people(staff):
    resident = UserFactory()
    with pytest.raises(PermissionDenied):
        register(resident)


def test_take_over_through_the_e_mailed_link_verifies_the_address(staff):
    issued = register(staff, email="gunnel@example.org")
    user = assisted.account_take_over(
        code=issued.code.lower(),
        email="Gunnel@example.org",
        password="a-long-test-password",
        email_proven=True,
    )
    assert user.check_password("a-long-test-password")
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    registration = AssistedRegistration.objects.get(user=user)
    assert registration.taken_over_at is not None
    assert registration.code_digest == ""
    assert AuditLogEntry.objects.filter(
        action="assisted.taken_over", actor=user, target=user
    ).exists()


def test_a_code_works_once(staff):
    issued = register(staff)
    assisted.account_take_over(
        code=issued.display, email="a@example.org", password="a-long-test-password"
    )
    with pytest.raises(ValidationError, match="inte giltig"):
        assisted.account_take_over(
            code=issued.display, email="b@example.org", password="a-long-test-password"
        )


def test_an_expired_or_wrong_code_is_refused_the_same_way(staff):
    issued = register(staff)
    AssistedRegistration.objects.update(
        code_expires_at=timezone.now() - timedelta(seconds=1)
    )
    for code in (issued.code, "ABCD-EFGH-JKLM", "short"):
        with pytest.raises(ValidationError) as error:
            assisted.registration_for_code(code)
        assert error.value.code == "invalid_code"


def test_a_weak_password_or_taken_address_changes_nothing(staff):
    UserFactory(email="taken@example.org")
    issued = register(staff)
    with pytest.raises(ValidationError) as error:
        assisted.account_take_over(
            code=issued.code, email="new@example.org", password="123"
        )
    assert "password1" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        assisted.account_take_over(
            code=issued.code, email="taken@example.org", password="a-long-pass-word"
        )
    assert "email" in error.value.message_dict
    person = User.objects.get(pk=issued.registration.user_id)
    assert person.email is None and not person.has_usable_password()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert assisted.registration_for_code(issued.code).taken_over_at is None


def test_a_new_code_replaces_the_lost_one(staff):
    lost = register(staff)
    new = assisted.takeover_code_reissue(actor=staff, registration=lost.registration)
    with pytest.raises(ValidationError):
        assisted.registration_for_code(lost.code)
    assert assisted.registration_for_code(new.code).pk == lost.registration.pk
    assert AuditLogEntry.objects.filter(action="assisted.code_issued").count() == 1
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        assisted.takeover_code_reissue(actor=other, registration=lost.registration)


def test_staff_register_through_the_pages_and_get_a_printable_code(client, staff):
    client.force_login(staff)
    assert client.get(sv("accounts:assisted_register")).status_code == 200
    response = client.post(
        sv("accounts:assisted_register"),
        {
            "display_name": "Gunnel",
            "place": "Kista bibliotek",
            "preferred_language": "sv",
            "consent": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = CODE_PATTERN.search(page).group(1)
    assert assisted.registration_for_code(code).user.display_name == "Gunnel"
    listing = client.get(sv("accounts:assisted_list")).content.decode()
    assert "Gunnel" in listing and "Kista bibliotek" in listing


def test_the_form_explains_missing_consent_in_swedish(client, staff):
    client.force_login(staff)
    response = client.post(
        sv("accounts:assisted_register"),
        {"display_name": "Gunnel", "place": "Kista", "preferred_language": "sv"},
    )
    assert response.status_code == 400
    assert "samtycke" in response.content.decode()
    assert not AssistedRegistration.objects.exists()


def test_residents_get_403_on_the_staff_pages(client):
    client.force_login(UserFactory())
    assert client.get(sv("accounts:assisted_register")).status_code == 403
    assert client.get(sv("accounts:assisted_list")).status_code == 403


def test_the_person_takes_over_with_the_printed_code_and_confirms_a_new_address(
    client, staff
):
    issued = register(staff)
    form = client.get(sv("accounts:takeover")).content.decode()
    assert 'name="code"' in form
    response = client.post(
        sv("accounts:takeover"),
        {
            "code": issued.display,
            "email": "gunnel@example.org",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == sv("account_email_verification_sent")
    person = User.objects.get(pk=issued.registration.user_id)
    assert client.session["_auth_user_id"] == str(person.pk)
    assert not EmailAddress.objects.get(user=person).verified
    (message,) = mail.outbox
    assert message.to == ["gunnel@example.org"]
    profile = client.get(sv("accounts:people_detail", person.pk)).content.decode()
    assert "Registrerad med hjälp av stadens personal" in profile


def test_the_link_from_the_e_mail_fills_in_the_code_and_verifies(client, staff):
    issued = register(staff, email="gunnel@example.org")
    form = client.get(sv("accounts:takeover"), {"code": issued.code}).content.decode()
    assert f'value="{issued.code}"' in form
    response = client.post(
        sv("accounts:takeover"),
        {
            "code": issued.code,
            "email": "gunnel@example.org",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
            "from_link": "True",
        },
    )
    assert response["Location"] == sv("accounts:profile_edit")
    assert EmailAddress.objects.get(email="gunnel@example.org").verified


def test_a_mistyped_code_is_explained_on_the_page(client, staff):
    register(staff)
    response = client.post(
        sv("accounts:takeover"),
        {
            "code": "AAAA-BBBB-CCCC",
            "email": "gunnel@example.org",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
    )
    assert response.status_code == 400
    assert "inte giltig" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_data_export_holds_the_consent_record_and_deletion_removes_it(staff):
    from accounts import privacy, services

    issued = register(staff, email="gunnel@example.org")
    person = issued.registration.user
    data = privacy.export_user_data(person)["assisted_registration"]
    assert data["place"] == "Kista bibliotek"
    assert data["registered_by"] == staff.display_name
    assert data["consent_text"] == assisted.CONSENT_TEXT
    services.account_delete(actor=person, user=person, keep_contributions=False)
    assert not AssistedRegistration.objects.exists()
    assert not User.objects.filter(email="gunnel@example.org").exists()
