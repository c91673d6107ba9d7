"""Keep the stored role in step with group membership, however it changes
(Wagtail admin, Django admin, a shell)."""

from django.db import transaction
from django.db.models.signals import m2m_changed
from django.dispatch import Signal, receiver

from accounts.models import User


@receiver(m2m_changed, sender=User.groups.through)
def refresh_role_after_group_change(
    sender: type, instance: object, action: str, reverse: bool, **kwargs: object
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from accounts.second_factor import forget
    from accounts.services import user_refresh_role

    if not reverse:
        forget(instance)  # its cached group names are out of date

    users = (
        [instance]
        if not reverse
        else list(User.objects.filter(pk__in=kwargs["pk_set"] or []))
    )
    for user in users:
        transaction.on_commit(lambda user=user: user_refresh_role(user=user))


# A person signed up; ``own_email`` is their answer to the sign-up form's
# question about e-mail on their own contributions ("digest", "email" or
# "in_app"). The notifications app keeps it.
signed_up = Signal()
