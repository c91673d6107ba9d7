"""What accounts/ itself holds about a person, for export and erasure."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import privacy
from accounts.models import (
    AssistedRegistration,
    AuditLogEntry,
    Invitation,
    Organisation,
    User,
)


def export_profile(user: User) -> dict[str, object]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "district": user.district.name if user.district_id else None,
        "avatar": user.avatar.url if user.avatar else None,
        "preferred_language": user.preferred_language,
        "notification_preferences": user.notification_preferences,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def export_email_addresses(user: User) -> list[dict[str, object]]:
    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def export_security(user: User) -> dict[str, object]:
    # Which second factors are on and when they were added; never their secrets.
    return {
        "authenticators": [
            {"type": a.type, "created_at": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "single_sign_on": [
            {"provider": s.provider, "uid": s.uid}
            for s in SocialAccount.objects.filter(user=user)
        ],
    }


def export_audit_log(user: User) -> list[dict[str, object]]:
    return [
        {"at": e.at.isoformat(), "action": e.action, "details": e.details}
        for e in AuditLogEntry.objects.filter(target=user).order_by("at", "pk")
    ]


def export_memberships(user: User) -> list[dict[str, object]]:
    return [
        {
            "organisation": m.organisation.name,
            "role": m.role,
            "joined_at": m.joined_at.isoformat(),
        }
        for m in user.memberships.select_related("organisation").order_by("joined_at")
    ]


def export_assisted_registration(user: User) -> dict[str, object] | None:
    registration = (
        AssistedRegistration.objects.filter(user=user)
        .select_related("registered_by")
        .first()
    )
    if registration is None:
        return None
    staff = registration.registered_by
    return {
        "registered_by": staff.display_name if staff else None,
        "place": registration.place,
        "consent_at": registration.consent_at.isoformat(),
        "consent_text": registration.consent_text,
        "taken_over_at": (
            registration.taken_over_at.isoformat()
            if registration.taken_over_at
            else None
        ),
    }


def avatar_files(user: User) -> list[privacy.ExportFile]:
    if not user.avatar:
        return []
    return [
        privacy.ExportFile(
            storage=user.avatar.storage,
            name=user.avatar.name,
            description="Profile picture",
            folder="profile",
        )
    ]


def export_cms_uploads(user: User) -> list[dict[str, object]]:
    return [
        {"description": f.description, "stored_as": f.name}
        for f in uploaded_media_files(user)
    ]


def uploaded_media_files(user: User) -> list[privacy.ExportFile]:
    """Pictures and documents staff uploaded to the CMS's media libraries."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    found = []
    for image in get_image_model().objects.filter(uploaded_by_user=user):
        found.append(
            privacy.ExportFile(
                storage=image.file.storage,
                name=image.file.name,
                description=f"Picture in the CMS: {image.title}",
                folder="cms-images",
            )
        )
    for document in get_document_model().objects.filter(uploaded_by_user=user):
        found.append(
            privacy.ExportFile(
                storage=document.file.storage,
                name=document.file.name,
                description=f"Document in the CMS: {document.title}",
                folder="cms-documents",
            )
        )
    return found


def erase_organisations(user: User, keep: bool) -> None:
    """Organisations only the person belonged to go (their name may be the
    person's); invitations the person sent (other people's addresses) and
    those sent to the person's addresses go too."""
    alone = Organisation.objects.filter(memberships__user=user).exclude(
        memberships__user__in=User.objects.exclude(pk=user.pk)
    )
    logos = [name for name in alone.values_list("logo", flat=True) if name]
    storage = Organisation._meta.get_field("logo").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in logos])
    addresses = [user.email, *user.emailaddress_set.values_list("email", flat=True)]
    Invitation.objects.filter(
        Q(invited_by=user) | Q(email__in=[a for a in addresses if a])
    ).delete()
    Invitation.objects.filter(accepted_by=user).delete()
    alone.delete()


def _sessions_of(user: User) -> list[Session]:
    # Sessions are stored signed, not by user: each live one is read. This
    # happens on export and deletion only.
    key = str(user.pk)
    live = Session.objects.filter(expire_date__gt=timezone.now())
    return [
        session
        for session in live.iterator(chunk_size=2000)
        if session.get_decoded().get("_auth_user_id") == key
    ]


def export_sessions(user: User) -> list[dict[str, object]]:
    return [{"expires": s.expire_date.isoformat()} for s in _sessions_of(user)]


def erase_sessions(user: User, keep: bool) -> None:
    """Signed-in sessions hold the person's id: they end with the account."""
    Session.objects.filter(pk__in=[s.pk for s in _sessions_of(user)]).delete()


def register_account_parts() -> None:
    # The user row itself goes last, in accounts.services.account_delete; allauth's
    # rows (addresses, authenticators, social accounts) cascade with it.
    privacy.register("profile", export=export_profile, files=avatar_files)
    privacy.register(
        "cms_uploads", export=export_cms_uploads, files=uploaded_media_files
    )
    privacy.register("email_addresses", export=export_email_addresses)
    privacy.register("security", export=export_security)
    privacy.register(
        "memberships", export=export_memberships, erase=erase_organisations
    )
    privacy.register("sessions", export=export_sessions, erase=erase_sessions)
    privacy.register("audit_log", export=export_audit_log)
    privacy.register("assisted_registration", export=export_assisted_registration)
