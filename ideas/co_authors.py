"""Co-authors: an author invites up to four people by e-mail to write an idea
with them. An invited person accepts from the link in the mail, signed in with
the address it was sent to; from then on they may edit the idea and are shown
on it. Only the author invites, removes and withdraws; a co-author may leave.

The link carries a signed, dated id, not a stored secret: it stops working
after ``INVITATION_VALID_FOR``, once used, or once the invitation is ended.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import User
from common.limits import hold, refuse_over
from common.site import request_site, site_url
from ideas.models import CoAuthor, Idea, IdeaStatus, Support
from ideas.supports import supports_recount
from notifications.services import follow_add

MAX_CO_AUTHORS = 4
INVITATION_VALID_FOR = timedelta(days=14)
_SALT = "ideas.co_author"
CLOSED = (IdeaStatus.WITHDRAWN, IdeaStatus.DUPLICATE)


def invitation_token(co_author: CoAuthor) -> str:
    return signing.dumps(co_author.pk, salt=_SALT, compress=False)


def _invitation_id(token: str) -> int:
    try:
        value = signing.loads(
            token, salt=_SALT, max_age=INVITATION_VALID_FOR.total_seconds()
        )
    except signing.SignatureExpired:
        raise ValidationError(
            _("This invitation has expired. Ask the author for a new one.")
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This invitation does not exist.")) from None
    if not isinstance(value, int):
        raise ValidationError(_("This invitation does not exist."))
    return value


def invitation_get(token: str) -> CoAuthor:
    """The open or accepted invitation behind a link, or a ValidationError
    that says why it cannot be used."""
    co_author = (
        CoAuthor.objects.select_related("idea", "invited_by")
        .filter(pk=_invitation_id(token))
        .first()
    )
    if co_author is None or co_author.ended_at is not None:
        raise ValidationError(_("The author has withdrawn this invitation."))
    return co_author


def _addresses(person: User) -> set[str]:
    verified = person.emailaddress_set.filter(verified=True)
    return {email.lower() for email in verified.values_list("email", flat=True)}


@transaction.atomic
def co_author_invite(*, actor: User, idea: Idea, email: str) -> CoAuthor:
    """Invite ``email`` to write ``idea`` with its author; the mail is sent by
    the task worker once this has committed."""
    if not actor.has_perm("ideas.invite_co_author", idea):
        raise PermissionDenied
    hold(actor)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if idea.status in CLOSED:
        raise ValidationError(
            _("An idea that is “%(status)s” takes no new co-authors.")
            % {"status": idea.get_status_display()}
        )
    if email.lower() in _addresses(actor) or email.lower() == actor.email.lower():
        raise ValidationError({"email": _("That is your own address.")})
    refuse_over(
        CoAuthor.objects.filter(invited_by=actor),
        field="invited_at",
        limit=settings.INVITATIONS_PER_HOUR,
        window=timedelta(hours=1),
        message=_(
            "You have sent %(n)s invitations in the last hour, which is as many "
            "as one person may. Try again in an hour."
        )
        % {"n": settings.INVITATIONS_PER_HOUR},
    )
    current = idea.co_authors.filter(ended_at__isnull=True)
    if current.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This address is already invited.")})
    if current.count() >= MAX_CO_AUTHORS:
        raise ValidationError(
            {
                "email": _(
                    "An idea has at most %(n)s co-authors, invitations included. "
                    "Remove one to invite someone else."
                )
                % {"n": MAX_CO_AUTHORS}
            }
        )
    co_author = CoAuthor.objects.create(idea=idea, email=email, invited_by=actor)
    site, language = request_site(), translation.get_language()
    transaction.on_commit(lambda: _send_later(co_author.pk, site, language))
    return co_author


def _send_later(co_author_id: int, site: str, language: str | None) -> None:
    send_co_author_invitation.enqueue(
        co_author_id=co_author_id, site=site, language=language or ""
    )


@task()
def send_co_author_invitation(co_author_id: int, site: str, language: str) -> bool:
    """Mail the invitation, unless it was ended or accepted meanwhile; a retry
    after a crash may send it twice, which does no harm (the link is the same)."""
    co_author = (
        CoAuthor.objects.select_related("idea", "invited_by")
        .filter(pk=co_author_id, ended_at__isnull=True, accepted_at__isnull=True)
        .first()
    )
    if co_author is None:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        link = site_url(site) + reverse(
            "ideas:co_author_accept", args=[invitation_token(co_author)]
        )
        facts = {
            "author": co_author.invited_by.display_name
            if co_author.invited_by
            else _("The author"),
            "title": co_author.idea.title,
            "link": link,
            "days": INVITATION_VALID_FOR.days,
        }
        subject = _("%(author)s invites you to write an idea on Idéstad") % facts
        body = (
            _(
                "%(author)s invites you to be a co-author of the idea “%(title)s” "
                "on Idéstad, the City of Stockholm's platform for ideas. A co-author "
                "can edit the idea and is shown on it.\n\n"
                "Sign in or create an account with this e-mail address, then accept "
                "the invitation here:\n%(link)s\n\n"
                "The invitation is valid for %(days)s days. If you do not want to "
                "take part, do nothing."
            )
            % facts
        )
    EmailMessage(subject, body, to=[co_author.email]).send()
    return True


@transaction.atomic
def co_author_accept(*, actor: User, token: str) -> CoAuthor:
    """Become a co-author from an invitation sent to one of ``actor``'s
    verified addresses. A supporter who becomes a co-author no longer counts
    as a supporter: nobody supports their own idea."""
    User.objects.select_for_update().only("pk").get(pk=actor.pk)
    found = invitation_get(token)
    idea = Idea.objects.select_for_update().get(pk=found.idea_id)
    co_author = CoAuthor.objects.select_for_update().get(pk=found.pk)
    if co_author.ended_at is not None:
        raise ValidationError(_("The author has withdrawn this invitation."))
    if co_author.accepted_at is not None:
        if co_author.user_id == actor.pk:
            return co_author
        raise ValidationError(_("This invitation has already been used."))
    if not actor.has_perm("ideas.add_idea"):
        raise PermissionDenied(_("Confirm your e-mail address first."))
    if co_author.email.lower() not in _addresses(actor):
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address than yours.")
        )
    if idea.status in CLOSED:
        raise ValidationError(
            _("An idea that is “%(status)s” takes no new co-authors.")
            % {"status": idea.get_status_display()}
        )
    if (
        actor.pk == idea.author_id
        or idea.co_authors.filter(user=actor, ended_at__isnull=True)
        .exclude(pk=co_author.pk)
        .exists()
    ):
        raise ValidationError(_("You already write this idea."))
    co_author.user = actor
    co_author.accepted_at = timezone.now()
    co_author.save(update_fields=["user", "accepted_at"])
    if Support.objects.filter(idea=idea, user=actor).delete()[0]:
        supports_recount([idea.pk])
    follow_add(actor=actor, target=idea, check=False)
    return co_author


@transaction.atomic
def co_author_end(*, actor: User, co_author: CoAuthor) -> bool:
    """The author removes a co-author or withdraws an invitation, or a
    co-author leaves; False if it had already ended."""
    co_author = (
        CoAuthor.objects.select_for_update().select_related("idea").get(pk=co_author.pk)
    )
    leaving = co_author.user_id is not None and co_author.user_id == actor.pk
    if not leaving and not actor.has_perm("ideas.invite_co_author", co_author.idea):
        raise PermissionDenied
    if co_author.ended_at is not None:
        return False
    co_author.ended_at = timezone.now()
    if co_author.user_id is None:
        # Nobody accepted: the address of someone who never joined is not kept.
        co_author.email = ""
    co_author.save(update_fields=["ended_at", "email"])
    return True
