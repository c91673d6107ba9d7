import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission

from accounts.models import AuditLogEntry
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def staff(group: str):
    person = UserFactory(is_staff=True)
    person.groups.add(Group.objects.get_or_create(name=group)[0])
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    TOTP.activate(person, generate_totp_secret())
    return person


@pytest.fixture
def entries():
    subject = UserFactory()
    AuditLogEntry.objects.create(
        action="role.changed", target=subject, details={"new": "company"}
    )
    AuditLogEntry.objects.create(action="data.exported", target=subject)


def test_moderators_read_and_filter_the_audit_log(client, entries):
    client.force_login(staff("Moderators"))
    response = client.get("/admin/audit-log/")
    assert response.status_code == 200
    listed = {entry.action for entry in response.context["object_list"]}
    assert listed == {"role.changed", "data.exported"}
    filtered = client.get("/admin/audit-log/?action=data.exported")
    assert [e.action for e in filtered.context["object_list"]] == ["data.exported"]


def test_nobody_adds_or_edits_audit_entries(client, entries):
    client.force_login(staff("Moderators"))
    entry = AuditLogEntry.objects.first()
    assert client.get("/admin/audit-log/new/").status_code in {302, 403}
    assert client.post(
        f"/admin/audit-log/edit/{entry.pk}/", {"action": "x"}
    ).status_code in {302, 403}
    assert AuditLogEntry.objects.get(pk=entry.pk).action == entry.action


def test_editors_who_are_not_moderators_cannot_read_it(client, entries):
    client.force_login(staff("Editors"))
    response = client.get("/admin/audit-log/")
    assert response.status_code in {302, 403}
