from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Membership, Organisation, User


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
