"""Notices for what happens in the apps below notifications (accounts)."""

from django.urls import reverse

from accounts.models import Membership, Organisation, User
from notifications import services
from notifications.models import Delivery, NotificationKind
from notifications.services import notify_people_after_commit


def tell_organisation_admins(
    sender: type, organisation: Organisation, actor: User, reason: str, **kwargs: object
) -> None:
    """The administrators of an organisation hear the city's decision on it."""
    admins = set(
        organisation.memberships.filter(role=Membership.Role.ADMIN).values_list(
            "user_id", flat=True
        )
    )
    notify_people_after_commit(
        kind=NotificationKind.ORGANISATION_DECIDED,
        recipient_ids=admins,
        actor=actor,
        url=reverse("accounts:organisation_detail", kwargs={"slug": organisation.slug}),
        params={
            "title": organisation.name,
            "verified": organisation.verified,
            "withdrawn": bool(kwargs.get("withdrawn")),
            "reason": reason,
            "organisation_id": organisation.pk,
        },
    )


def keep_own_email_choice(
    sender: type, *, user: User, own_email: str, **kw: object
) -> None:
    """The sign-up form's answer: the digest is already the default, so only
    another answer is stored."""
    if own_email != Delivery.DIGEST:
        services.own_contributions_choose(actor=user, delivery=own_email)
