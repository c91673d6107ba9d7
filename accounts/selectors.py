from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User


def user_list_public() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related("district")


def user_get_public(*, pk: int) -> User:
    return get_object_or_404(user_list_public(), pk=pk)
