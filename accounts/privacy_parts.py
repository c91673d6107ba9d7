"""What accounts/ itself holds about a person, for export and erasure."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from accounts import privacy
from accounts.models import AssistedRegistration, AuditLogEntry, User


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


def register_account_parts() -> None:
    # The user row itself goes last, in accounts.services.account_delete; allauth's
    # rows (addresses, authenticators, social accounts) cascade with it.
    privacy.register("profile", export=export_profile, files=avatar_files)
    privacy.register(
        "cms_uploads", export=export_cms_uploads, files=uploaded_media_files
    )
    privacy.register("email_addresses", export=export_email_addresses)
    privacy.register("security", export=export_security)
    privacy.register("memberships", export=export_memberships)
    privacy.register("audit_log", export=export_audit_log)
    privacy.register("assisted_registration", export=export_assisted_registration)
