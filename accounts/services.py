"""Writes to accounts. Each service checks permission itself and runs in one
transaction, so a view, a command and a consumer behave the same."""

from typing import IO, TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts import privacy
from accounts.images import reencode_image
from accounts.models import AuditLogEntry, Role, User
from accounts.rules import STAFF_GROUPS

if TYPE_CHECKING:  # a type only: accounts imports nothing from cms
    from cms.models import District


def audit_log(
    *, actor: User | None, action: str, target: User | None, **details: object
) -> AuditLogEntry:
    """Record an action on an account; ``details`` must hold no personal data."""
    return AuditLogEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        target=target,
        details=details,
    )


@transaction.atomic
def profile_update(
    *,
    actor: User,
    user: User,
    display_name: str,
    district: "District | None",
    preferred_language: str,
) -> bool:
    """Change a person's own profile. Returns False when nothing changed."""
    if not actor.has_perm("accounts.change_profile", user):
        raise PermissionDenied
    changes = {
        "display_name": display_name,
        "district_id": district.pk if district else None,
        "preferred_language": preferred_language,
    }
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(user, name, changes[name])
    user.save(update_fields=[name.removesuffix("_id") for name in changed])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.PROFILE_UPDATED,
        target=user,
        fields=sorted(changed),
    )
    return True


ORGANISATION_ROLES = (
    ("company", Role.COMPANY),
    ("academia", Role.ACADEMIA),
    ("association", Role.ASSOCIATION),
    ("public_body", Role.PUBLIC_BODY),
)


def role_for(user: User) -> str:
    """City staff by group; company, academia, association or public body by
    membership of a verified organisation of that kind (in that order); everyone
    else is a resident."""
    if user.groups.filter(name__in=STAFF_GROUPS).exists():
        return Role.CITY_STAFF
    kinds = set(
        user.memberships.filter(organisation__verified=True).values_list(
            "organisation__kind", flat=True
        )
    )
    for kind, role in ORGANISATION_ROLES:
        if kind in kinds:
            return role
    return Role.RESIDENT


@transaction.atomic
def user_refresh_role(*, user: User, actor: User | None = None) -> bool:
    """Store the role the person's memberships give them; False if unchanged."""
    role = role_for(user)
    if user.role == role:
        return False
    previous, user.role = user.role, role
    user.save(update_fields=["role"])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.ROLE_CHANGED,
        target=user,
        old=previous,
        new=role,
    )
    return True


@transaction.atomic
def account_delete(*, actor: User, user: User, keep_contributions: bool) -> None:
    """Erase a person and everything that points at them, in one transaction.

    Each app's privacy contributor runs first (keeping public contributions as
    "Former participant", or deleting them); then the user row goes, and allauth's
    addresses, authenticators and social accounts with it. The audit log keeps
    the fact, not the person.
    """
    if not actor.has_perm("accounts.delete_account", user):
        raise PermissionDenied
    privacy.erase_user_data(user, keep_contributions=keep_contributions)
    if user.avatar.name:
        avatar_name, storage = user.avatar.name, user.avatar.storage
        transaction.on_commit(lambda: storage.delete(avatar_name))
    audit_log(
        actor=None,
        action=AuditLogEntry.Action.ACCOUNT_DELETED,
        target=None,
        mode="keep" if keep_contributions else "delete",
    )
    user.delete()


def data_export(*, actor: User, user: User) -> dict[str, object]:
    """Everything held about a person, as JSON-ready data; the export is logged."""
    if not actor.has_perm("accounts.export_data", user):
        raise PermissionDenied
    audit_log(actor=actor, action=AuditLogEntry.Action.DATA_EXPORTED, target=user)
    return privacy.export_user_data(user)


def data_export_archive(*, actor: User, user: User) -> IO[bytes]:
    """The export as a zip: data.json and every file the person uploaded
    (pictures, documents) under files/. Rewound, ready to send."""
    data = data_export(actor=actor, user=user)
    return privacy.export_archive(data, privacy.export_files(user))


AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_SIDE = 512


@transaction.atomic
def avatar_set(*, actor: User, user: User, upload: UploadedFile | None) -> None:
    """Store a re-encoded picture (or remove it with ``upload=None``); the old file
    is deleted after commit."""
    if not actor.has_perm("accounts.change_profile", user):
        raise PermissionDenied
    new = None
    if upload is not None:
        new = reencode_image(
            upload,
            max_bytes=AVATAR_MAX_BYTES,
            max_side=AVATAR_MAX_SIDE,
            name_prefix=f"user-{user.pk}",
        )
    old_name = user.avatar.name
    if new is None:
        user.avatar = ""
    else:
        user.avatar.save(new.name or f"user-{user.pk}.webp", new, save=False)
    user.save(update_fields=["avatar"])
    if old_name:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.PROFILE_UPDATED,
        target=user,
        fields=["avatar"],
    )


def participation_seen(*, actor: User) -> None:
    """The person has looked at "My participation": what changes after now
    is new at their next visit. One statement, no lock: the latest visit wins."""
    User.objects.filter(pk=actor.pk).update(participation_seen_at=timezone.now())
