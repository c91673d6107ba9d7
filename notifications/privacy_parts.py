from accounts import privacy
from accounts.models import User
from notifications.messages import message_for
from notifications.models import Follow, Notification


def export_follows(user: User) -> list[dict[str, object]]:
    return [
        {
            "type": f.content_type.model,
            "id": f.object_id,
            "since": f.created_at.isoformat(),
        }
        for f in Follow.objects.filter(user=user)
        .select_related("content_type")
        .order_by("created_at")
    ]


def export_notifications(user: User) -> list[dict[str, object]]:
    return [
        {
            "kind": n.kind,
            "message": message_for(n),
            "url": n.url,
            "created_at": n.created_at.isoformat(),
            "read_at": n.read_at.isoformat() if n.read_at else None,
        }
        for n in Notification.objects.filter(recipient=user).order_by("created_at")
    ]


def register_notification_parts() -> None:
    # Follows and notifications are the person's own; they go with the user row.
    privacy.register("follows", export=export_follows)
    privacy.register("notifications", export=export_notifications)
