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


def erase_notifications(user: User, keep: bool) -> None:
    """Other people's notices about what the person did. The person's own
    follows and notifications go with the user row."""
    theirs = Notification.objects.filter(actor=user)
    if not keep:
        # What they were told about (a post, an idea) is gone too.
        theirs.delete()
        return
    # The contribution stays, from "a former participant": no name.
    for notification in theirs.filter(params__has_key="author"):
        notification.params = {**notification.params, "author": ""}
        notification.save(update_fields=["params"])
    theirs.update(actor=None)


def register_notification_parts() -> None:
    privacy.register("follows", export=export_follows)
    privacy.register(
        "notifications", export=export_notifications, erase=erase_notifications
    )
