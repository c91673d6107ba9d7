"""A person's own live stream (``user.<id>``: their unread count, their
notifications arriving) in "download my data" and "delete my account"."""

from accounts import privacy
from accounts.models import User
from live.models import StreamCounter, StreamEvent


def own_stream(user: User) -> str:
    return f"user.{user.pk}"


def export_own_stream(user: User) -> list[dict[str, object]]:
    return [
        {"event": e.event, "data": e.data, "at": e.created_at.isoformat()}
        for e in StreamEvent.objects.filter(stream=own_stream(user)).order_by("seq")
    ]


def erase_own_stream(user: User, keep: bool) -> None:
    """Call inside the deletion transaction: the stream is named by their id."""
    StreamEvent.objects.filter(stream=own_stream(user)).delete()
    StreamCounter.objects.filter(stream=own_stream(user)).delete()


def register_live_parts() -> None:
    privacy.register("live_stream", export=export_own_stream, erase=erase_own_stream)
