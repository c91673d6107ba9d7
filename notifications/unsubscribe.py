"""Signed one-click unsubscribe links, one per person and kind of notification.
The link itself is the authority (nobody needs to sign in), so it is signed
with the site's secret and names only the person's id and the kind."""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from common.site import site_url
from notifications.models import Delivery, NotificationKind

SALT = "notifications.unsubscribe"
ALL = "all"  # every kind: used in the List-Unsubscribe header


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT, compress=True)


def unsubscribe_url(user: User, kind: str, site: str = "") -> str:
    with translation.override(user.preferred_language):
        path = reverse(
            "notifications:unsubscribe", args=[unsubscribe_token(user, kind)]
        )
    return site_url(site) + path


def read_token(token: str) -> tuple[User, str] | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    kinds = {*NotificationKind.values, ALL}
    if not isinstance(data, dict) or data.get("k") not in kinds:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    return (user, data["k"]) if user else None


@transaction.atomic
def unsubscribe(*, user: User, kind: str) -> bool:
    """Stop e-mail of this kind (it still shows on the site); False if it
    already was off."""
    user = User.objects.select_for_update().get(pk=user.pk)
    kinds = NotificationKind.values if kind == ALL else [kind]
    current = user.notification_preferences
    by_email = [k for k in kinds if current.get(k, Delivery.IN_APP) != Delivery.IN_APP]
    if not by_email:
        return False
    user.notification_preferences = {
        **current,
        **dict.fromkeys(by_email, Delivery.IN_APP),
    }
    user.save(update_fields=["notification_preferences"])
    return True
