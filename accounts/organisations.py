"""Writes for organisations, memberships and invitations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.images import reencode_image
from accounts.models import (
    AuditLogEntry,
    Invitation,
    Membership,
    Organisation,
    OrganisationFlag,
    User,
)
from accounts.services import audit_log, user_refresh_role
from common.limits import hold, refuse_over
from common.parsing import plain_text
from common.reports import FlagReason

INVITATION_VALID_FOR = timedelta(days=14)


# Sent inside the deciding transaction with organisation, actor and reason
# (empty when verified); notifications tells the organisation's administrators.
organisation_decided = Signal()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    name: str,
    kind: str,
    org_number: str = "",
    website: str = "",
    description: str = "",
) -> Organisation:
    """Create an unverified organisation with ``actor`` as its administrator."""
    if not actor.has_perm("accounts.add_organisation"):
        raise PermissionDenied
    hold(actor)
    refuse_over(
        Membership.objects.filter(user=actor, role=Membership.Role.ADMIN),
        field="organisation__created_at",
        limit=settings.ORGANISATIONS_PER_DAY,
        window=timedelta(days=1),
        message=_(
            "You have registered %(n)s organisations today, which is as many as "
            "one person may in a day. Try again tomorrow."
        )
        % {"n": settings.ORGANISATIONS_PER_DAY},
    )
    organisation = Organisation(
        name=name,
        slug=_unique_slug(name),
        kind=kind,
        org_number=org_number,
        website=website,
        description=description,
    )
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(
        organisation=organisation, user=actor, role=Membership.Role.ADMIN
    )
    return organisation


@transaction.atomic
def organisation_verify(*, actor: User, organisation: Organisation) -> bool:
    """Mark an organisation verified; its members' roles follow. False if it was."""
    if not actor.has_perm("accounts.verify_organisation", organisation):
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.verified:
        return False
    organisation.verified = True
    organisation.refused_at = None
    organisation.refusal_reason = ""
    organisation.save(update_fields=["verified", "refused_at", "refusal_reason"])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.ORGANISATION_VERIFIED,
        target=None,
        organisation_id=organisation.pk,
    )
    for member in organisation.members.all():
        user_refresh_role(user=member, actor=actor)
    organisation_decided.send(
        sender=Organisation, organisation=organisation, actor=actor, reason=""
    )
    return True


@transaction.atomic
def organisation_refuse(
    *, actor: User, organisation: Organisation, reason: str
) -> bool:
    """Refuse to verify an organisation, telling its administrators why; False
    if it was already refused (the reason is then updated)."""
    if not actor.has_perm("accounts.verify_organisation", organisation):
        raise PermissionDenied
    reason = plain_text(reason, maximum=500).strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the applicant why.")})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.verified:
        raise ValidationError(_("The organisation is already verified."))
    was_refused = organisation.refused_at is not None
    organisation.refused_at = timezone.now()
    organisation.refusal_reason = reason[:500]
    organisation.save(update_fields=["refused_at", "refusal_reason"])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.ORGANISATION_REFUSED,
        target=None,
        organisation_id=organisation.pk,
        reason=organisation.refusal_reason,
    )
    organisation_decided.send(
        sender=Organisation,
        organisation=organisation,
        actor=actor,
        reason=organisation.refusal_reason,
    )
    return not was_refused


@transaction.atomic
def invitation_create(
    *, actor: User, organisation: Organisation, email: str, accept_url: str
) -> Invitation:
    """Invite ``email`` to ``organisation``; the mail goes out after commit.

    ``accept_url`` is the absolute address of the acceptance page with ``{token}``.
    """
    if not actor.has_perm("accounts.invite_to_organisation", organisation):
        raise PermissionDenied
    hold(actor)
    _refuse_too_many_invitations(actor, organisation)
    if organisation.members.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("This person is already a member of the organisation.")}
        )
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        token=secrets.token_urlsafe(32),
        invited_by=actor,
    )
    link = accept_url.format(token=invitation.token)
    transaction.on_commit(lambda: _send_invitation(invitation, link))
    return invitation


def _refuse_too_many_invitations(actor: User, organisation: Organisation) -> None:
    hour = timedelta(hours=1)
    refuse_over(
        Invitation.objects.filter(invited_by=actor),
        field="created_at",
        limit=settings.INVITATIONS_PER_HOUR,
        window=hour,
        message=_(
            "You have sent %(n)s invitations in the last hour, which is as many "
            "as one person may. Try again in an hour."
        )
        % {"n": settings.INVITATIONS_PER_HOUR},
    )
    refuse_over(
        organisation.invitations.all(),
        field="created_at",
        limit=settings.INVITATIONS_PER_HOUR_PER_ORGANISATION,
        window=hour,
        message=_(
            "%(organisation)s has sent %(n)s invitations in the last hour, which "
            "is as many as one organisation may. Try again in an hour."
        )
        % {
            "organisation": organisation.name,
            "n": settings.INVITATIONS_PER_HOUR_PER_ORGANISATION,
        },
    )


def _send_invitation(invitation: Invitation, link: str) -> None:
    subject = _("Invitation to %(organisation)s on Idéstad") % {
        "organisation": invitation.organisation.name
    }
    body = _(
        "You have been invited to take part in Idéstad on behalf of "
        "%(organisation)s.\n\nSign in or create an account with this e-mail "
        "address, then accept the invitation here:\n%(link)s\n\n"
        "The invitation is valid for 14 days."
    ) % {"organisation": invitation.organisation.name, "link": link}
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def invitation_accept(*, actor: User, token: str) -> Membership:
    """Join the organisation as the invited, signed-in person. Each invitation is
    used once, by the account whose verified address it was sent to."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation does not exist."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if timezone.now() - invitation.created_at > INVITATION_VALID_FOR:
        raise ValidationError(_("This invitation has expired. Ask for a new one."))
    addresses = {
        a.lower()
        for a in actor.emailaddress_set.filter(verified=True).values_list(
            "email", flat=True
        )
    }
    if invitation.email.lower() not in addresses:
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address than yours.")
        )
    membership, _created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=actor
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.MEMBER_JOINED,
        target=actor,
        organisation_id=invitation.organisation_id,
    )
    user_refresh_role(user=actor, actor=actor)
    return membership


def accept_url_for(request: object) -> str:
    """The absolute acceptance address, with ``{token}`` left to fill in."""
    with translation.override(translation.get_language()):
        path = reverse("accounts:invitation_accept", args=["TOKEN"])
    return request.build_absolute_uri(path).replace("TOKEN", "{token}")


LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 400


@transaction.atomic
def organisation_logo_set(
    *, actor: User, organisation: Organisation, upload: UploadedFile | None
) -> None:
    """Store a re-encoded logo (or remove it with ``upload=None``); the old file
    is deleted after commit."""
    if not actor.has_perm("accounts.change_organisation", organisation):
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    old_name = organisation.logo.name
    if upload is None:
        organisation.logo = ""
    else:
        new = reencode_image(
            upload,
            max_bytes=LOGO_MAX_BYTES,
            max_side=LOGO_MAX_SIDE,
            name_prefix=f"organisation-{organisation.pk}",
        )
        organisation.logo.save(new.name, new, save=False)
    organisation.save(update_fields=["logo"])
    if old_name:
        storage = organisation.logo.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def _check_reviewer(actor: User, organisation: Organisation) -> None:
    if not actor.has_perm("accounts.verify_organisation", organisation):
        raise PermissionDenied


@transaction.atomic
def organisation_flag(
    *, actor: User, organisation: Organisation, reason: str, text: str = ""
) -> bool:
    """Report an organisation; False if the person already has an open report
    on it. Reports per person per hour are limited as for ideas and posts."""
    hold(actor)
    refuse_over(
        OrganisationFlag.objects.filter(user=actor),
        field="created_at",
        limit=settings.REPORTS_PER_HOUR,
        window=timedelta(hours=1),
        message=_(
            "You have sent %(n)s reports in the last hour, which is as many as "
            "one person may. The moderators have them; try again later."
        )
        % {"n": settings.REPORTS_PER_HOUR},
    )
    if not actor.has_perm("accounts.flag_organisation", organisation):
        raise PermissionDenied(_("You cannot report this organisation."))
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    text = plain_text(text, maximum=500)
    if reason == FlagReason.OTHER and not text:
        raise ValidationError({"text": _("Tell the moderators what is wrong.")})
    try:
        with transaction.atomic():
            OrganisationFlag.objects.create(
                organisation=organisation, user=actor, reason=reason, text=text
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def organisation_flags_dismiss(
    *, actor: User, organisation: Organisation, reason: str = ""
) -> int:
    """Close the open reports on an organisation; returns how many."""
    _check_reviewer(actor, organisation)
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    dismissed = organisation.flags.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    if dismissed:
        audit_log(
            actor=actor,
            action=AuditLogEntry.Action.ORGANISATION_FLAGS_DISMISSED,
            target=None,
            organisation_id=organisation.pk,
            count=dismissed,
            reason=plain_text(reason, maximum=300),
        )
    return dismissed


@transaction.atomic
def organisation_verification_withdraw(
    *, actor: User, organisation: Organisation, reason: str
) -> bool:
    """A reported organisation loses the city's verification, with a public
    reason its administrators are told; its members' roles follow. The open
    reports are closed. False if it was not verified (the reports still close)."""
    _check_reviewer(actor, organisation)
    reason = plain_text(reason, maximum=500)
    if not reason:
        raise ValidationError({"reason": _("Give a public reason.")})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.flags.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    was_verified = organisation.verified
    organisation.verified = False
    organisation.refused_at = timezone.now()
    organisation.refusal_reason = reason
    organisation.save(update_fields=["verified", "refused_at", "refusal_reason"])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.ORGANISATION_WITHDRAWN,
        target=None,
        organisation_id=organisation.pk,
        reason=reason,
    )
    for member in organisation.members.all():
        user_refresh_role(user=member, actor=actor)
    organisation_decided.send(
        sender=Organisation,
        organisation=organisation,
        actor=actor,
        reason=reason,
        withdrawn=was_verified,
    )
    return was_verified
