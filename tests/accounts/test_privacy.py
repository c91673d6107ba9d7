import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import translation

from accounts import privacy
from accounts.models import AuditLogEntry, User
from cms.models import District
from tests.accounts.factories import UserFactory
from tests.accounts.test_staff_mfa import sign_in

pytestmark = pytest.mark.django_db


def sv(name: str) -> str:
    with translation.override("sv"):
        return reverse(name)


@pytest.fixture
def person():
    district = District.objects.create(name="Bromma", slug="bromma")
    person = UserFactory(
        email="nora@example.org",
        display_name="Nora Ny",
        district=district,
        notification_preferences={"replies": True},
    )
    EmailAddress.objects.create(
        user=person, email=person.email, verified=True, primary=True
    )
    return person


def unzipped(response) -> dict[str, bytes]:
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_download_holds_everything_about_the_person_and_no_secrets(client, person):
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    client.force_login(person)
    response = client.get(sv("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/zip"
    files = unzipped(response)
    data = json.loads(files["data.json"])
    assert data["format_version"] == 2
    assert data["profile"] == {
        "email": "nora@example.org",
        "display_name": "Nora Ny",
        "first_name": "",
        "last_name": "",
        "role": "resident",
        "district": "Bromma",
        "avatar": None,
        "preferred_language": "sv",
        "notification_preferences": {"replies": True},
        "date_joined": person.date_joined.isoformat(),
        "last_login": User.objects.get(pk=person.pk).last_login.isoformat(),
        "groups": [],
    }
    assert data["email_addresses"] == [
        {"email": "nora@example.org", "verified": True, "primary": True}
    ]
    assert [a["type"] for a in data["security"]["authenticators"]] == ["totp"]
    assert secret.encode() not in b"".join(files.values())
    assert AuditLogEntry.objects.filter(action="data.exported", target=person).exists()


def test_every_registered_part_is_in_the_download(person):
    data = privacy.export_user_data(person)
    assert {c.key for c in privacy.contributors()} <= set(data)


def test_the_download_needs_the_person_signed_in(client, person):
    response = client.get(sv("accounts:data_export"))
    assert response.status_code == 302
    assert response["Location"].startswith(sv("account_login"))


def test_deleting_asks_for_the_password_again(client, person):
    client.force_login(person)
    response = client.post(
        sv("accounts:delete"), {"contributions": "keep", "confirm": "on"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(sv("account_reauthenticate"))
    assert User.objects.filter(pk=person.pk).exists()


def reauthenticated(client, person):
    sign_in(client, person)
    client.post(sv("account_reauthenticate"), {"password": "a-long-test-password"})
    return client


@pytest.mark.parametrize("mode", ["keep", "delete"])
def test_deleting_erases_the_person_and_leaves_only_an_anonymous_log(
    client, person, mode
):
    reauthenticated(client, person)
    TOTP.activate(person, generate_totp_secret())
    AuditLogEntry.objects.create(actor=person, action="profile.updated", target=person)
    response = client.post(
        sv("accounts:delete"), {"contributions": mode, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not EmailAddress.objects.filter(email="nora@example.org").exists()
    assert not Authenticator.objects.exists()
    assert "_auth_user_id" not in client.session
    deleted = AuditLogEntry.objects.get(action="account.deleted")
    assert (deleted.actor, deleted.target, deleted.details) == (
        None,
        None,
        {"mode": mode},
    )
    for entry in AuditLogEntry.objects.all():
        assert entry.actor_id is None and entry.target_id is None
        assert "nora" not in json.dumps(entry.details).lower()


def test_every_contributor_erases_in_the_chosen_mode_inside_the_deletion(person):
    from accounts import services

    calls = []

    def erase(user, keep):
        # Runs before the user row goes, inside the same transaction.
        assert User.objects.filter(pk=user.pk).exists()
        calls.append(keep)

    privacy.register("test_part", export=lambda user: None, erase=erase)
    try:
        services.account_delete(actor=person, user=person, keep_contributions=True)
    finally:
        privacy._contributors.pop("test_part")
    assert calls == [True]


def test_deleting_without_confirming_deletes_nothing(client, person):
    reauthenticated(client, person)
    response = client.post(sv("accounts:delete"), {"contributions": "keep"})
    assert response.status_code == 400
    assert "confirm" in response.context["form"].errors
    assert User.objects.filter(pk=person.pk).exists()


def test_a_contributor_that_fails_leaves_the_account_whole(person):
    from accounts import services

    def fail(user, keep):
        raise RuntimeError("search index unavailable")

    privacy.register("failing_part", export=lambda user: None, erase=fail)
    try:
        with pytest.raises(RuntimeError):
            services.account_delete(actor=person, user=person, keep_contributions=False)
    finally:
        privacy._contributors.pop("failing_part")
    assert User.objects.filter(pk=person.pk).exists()
    assert not AuditLogEntry.objects.filter(action="account.deleted").exists()


def test_nobody_deletes_or_downloads_someone_else(person):
    from django.core.exceptions import PermissionDenied

    from accounts import services

    other = UserFactory()
    with pytest.raises(PermissionDenied):
        services.account_delete(actor=other, user=person, keep_contributions=True)
    with pytest.raises(PermissionDenied):
        services.data_export(actor=other, user=person)
