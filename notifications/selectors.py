from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from accounts.models import User
from notifications.models import Follow, Notification


def is_following(user: User, target: models.Model) -> bool:
    return (
        user.is_authenticated
        and Follow.objects.filter(
            user_id=user.pk,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
        ).exists()
    )


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor")


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
