"""Assisted participation: city staff register a person who has little digital
access, with their consent, and hand over a one-time code (printed, or as a
sign-in link by e-mail) with which the person takes the account over.

Codes are 12 characters from a 32-letter alphabet without look-alikes (60 bits),
so guessing one is not practical; only a keyed hash is stored, and a code works
once, within ``TAKEOVER_CODE_VALID_FOR``.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.models import AssistedRegistration, AuditLogEntry, User
from accounts.services import audit_log

if TYPE_CHECKING:  # a type only: accounts imports nothing from cms
    from cms.models import District

TAKEOVER_CODE_VALID_FOR = timedelta(days=30)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
# Stored with the registration, so the record shows what the person agreed to.
CONSENT_TEXT = (
    "The person asked city staff to create an Idéstad account for them, was told "
    "that their display name and contributions will be public, that staff may help "
    "them write contributions (marked as assisted), and that they can take the "
    "account over, download their data or delete it at any time."
)


@dataclass(frozen=True)
class IssuedCode:
    registration: AssistedRegistration
    code: str  # shown once, to be printed or sent; never stored

    @property
    def display(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(raw: str) -> str:
    """Accept what people type: any case, spaces and hyphens."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def _digest(code: str) -> str:
    return salted_hmac("idestad.assisted.takeover", code).hexdigest()


def _new_code(registration: AssistedRegistration) -> IssuedCode:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    registration.code_digest = _digest(code)
    registration.code_expires_at = timezone.now() + TAKEOVER_CODE_VALID_FOR
    return IssuedCode(registration=registration, code=code)


def _email_taken(email: str, *, except_user: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=email)
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if except_user is not None:
        users = users.exclude(pk=except_user.pk)
        addresses = addresses.exclude(user=except_user)
    return users.exists() or addresses.exists()


@transaction.atomic
def assisted_register(
    *,
    actor: User,
    display_name: str,
    place: str,
    consent: bool,
    email: str = "",
    district: "District | None" = None,
    preferred_language: str = "sv",
    takeover_url: str = "",
) -> IssuedCode:
    """Create an account on a person's behalf and issue their take-over code.

    With an e-mail address the code is also sent there as a one-time link
    (``takeover_url`` with the code appended), after commit.
    """
    if not actor.has_perm("accounts.register_assisted"):
        raise PermissionDenied
    if not consent:
        raise ValidationError(
            _("The person's consent is required before an account is created.")
        )
    email = email.strip()
    if email and _email_taken(email):
        raise ValidationError(
            _("An account with this e-mail address already exists."), code="taken"
        )
    user = User(
        email=email or None,
        display_name=display_name,
        district=district,
        preferred_language=preferred_language,
    )
    user.set_unusable_password()
    user.save()
    registration = AssistedRegistration(
        user=user,
        registered_by=actor,
        place=place,
        consent_at=timezone.now(),
        consent_text=CONSENT_TEXT,
    )
    issued = _new_code(registration)
    registration.save()
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.ASSISTED_REGISTERED,
        target=user,
        with_email=bool(email),
    )
    if email:
        _send_code_after_commit(issued, email, takeover_url)
    return issued


@transaction.atomic
def takeover_code_reissue(
    *, actor: User, registration: AssistedRegistration, takeover_url: str = ""
) -> IssuedCode:
    """A new code for a person who lost theirs; the old one stops working."""
    if not actor.has_perm("accounts.assist_person", registration.user):
        raise PermissionDenied
    registration = AssistedRegistration.objects.select_for_update().get(
        pk=registration.pk
    )
    if registration.taken_over_at:
        raise ValidationError(_("This account has already been taken over."))
    issued = _new_code(registration)
    registration.save(update_fields=["code_digest", "code_expires_at"])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.ASSISTED_CODE_ISSUED,
        target=registration.user,
    )
    if registration.user.email:
        _send_code_after_commit(issued, registration.user.email, takeover_url)
    return issued


def _send_code_after_commit(issued: IssuedCode, email: str, takeover_url: str) -> None:
    user = issued.registration.user
    link = f"{takeover_url}?code={issued.code}"

    def send() -> None:
        with translation.override(user.preferred_language):
            subject = _("Your Idéstad account is ready")
            body = _(
                "Hello %(name)s,\n\n"
                "City staff have created an Idéstad account for you. Open this "
                "link to choose your password and take the account over:\n\n"
                "%(link)s\n\n"
                "Or enter this code at %(url)s: %(code)s\n\n"
                "The link and code work once and expire in 30 days."
            ) % {
                "name": user.display_name,
                "link": link,
                "url": takeover_url,
                "code": issued.display,
            }
        send_mail(subject, body, None, [email])

    transaction.on_commit(send)


def registration_for_code(raw_code: str) -> AssistedRegistration:
    """The pending registration a code belongs to, or a ValidationError that does
    not tell an unknown code from a used or expired one."""
    code = normalise_code(raw_code)
    invalid = ValidationError(
        _(
            "This code is not valid. It may be mistyped, already used or expired; "
            "city staff can give you a new one."
        ),
        code="invalid_code",
    )
    if len(code) != CODE_LENGTH:
        raise invalid
    registration = (
        AssistedRegistration.objects.select_related("user")
        .filter(code_digest=_digest(code), taken_over_at__isnull=True)
        .first()
    )
    if registration is None or registration.code_expires_at < timezone.now():
        raise invalid
    return registration


@transaction.atomic
def account_take_over(
    *, code: str, email: str, password: str, email_proven: bool = False
) -> User:
    """The person sets their e-mail address and password with their code.

    ``email_proven`` is true when they came through the link sent to that very
    address, so it counts as verified; otherwise allauth's confirmation follows.
    Raises ValidationError (nothing saved) for a bad code, a taken address or a
    weak password.
    """
    registration = registration_for_code(code)
    registration = AssistedRegistration.objects.select_for_update().get(
        pk=registration.pk, taken_over_at__isnull=True
    )
    user = registration.user
    email = email.strip()
    if _email_taken(email, except_user=user):
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists.")}
        )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from error
    proven = email_proven and bool(user.email) and user.email.lower() == email.lower()
    user.email = email
    user.set_password(password)
    user.save(update_fields=["email", "password"])
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=proven)
    registration.taken_over_at = timezone.now()
    registration.code_digest = ""
    registration.code_expires_at = None
    registration.save(update_fields=["taken_over_at", "code_digest", "code_expires_at"])
    audit_log(actor=user, action=AuditLogEntry.Action.ASSISTED_TAKEN_OVER, target=user)
    return user
