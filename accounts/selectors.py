from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import AssistedRegistration, Membership, Organisation, User
from accounts.rules import VERIFIED_ATTR
from accounts.second_factor import GROUPS_ATTR, STAFF_GROUPS
from common.compiled import CompiledQuery


def _users_with_standing(pk: int) -> QuerySet[User]:
    return User._default_manager.annotate(
        email_verified=Exists(
            EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        ),
        registered_in_person=Exists(
            AssistedRegistration.objects.filter(user=OuterRef("pk"))
        ),
        in_staff_group=Exists(
            User.groups.through.objects.filter(
                user=OuterRef("pk"), group__name__in=STAFF_GROUPS
            )
        ),
    ).filter(pk=pk)


# Asked by every signed-in request: its SQL is written once (common.compiled).
_user_with_standing = CompiledQuery(_users_with_standing)


def user_for_request(*, pk: int) -> User | None:
    """The signed-in person, with what nearly every request asks of them in the
    same query: whether they are verified (accounts.rules.is_verified) and
    whether they are in a staff group (accounts.second_factor). Three queries
    a request become one."""
    user = _user_with_standing.first(pk)
    if user is None:
        return None
    standing: Any = user  # the annotations
    verified = standing.email_verified or standing.registered_in_person
    setattr(user, VERIFIED_ATTR, bool(verified))
    if not standing.in_staff_group:
        setattr(user, GROUPS_ATTR, frozenset())  # staff are read when asked
    return user


def user_list_public() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related(
        "district", "assisted_registration"
    )


def user_get_public(*, pk: int) -> User:
    people = user_list_public().prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organisation").order_by(
                "organisation__name"
            ),
        )
    )
    return get_object_or_404(people, pk=pk)


def organisation_get(*, slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


def membership_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        organisation.memberships.filter(user__is_active=True)
        .select_related("user")
        .order_by("role", "user__display_name")
    )
