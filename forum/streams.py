"""The live streams forum/ owns (a thread's) and the events it writes on the
discussions of others' streams: posts on ideas, challenges and projects, and
reports on the moderators' stream (live.streams)."""

from accounts.models import User
from forum.models import Thread
from live.streams import StreamCheck, register_stream, register_stream_events

POST_EVENTS = {
    "post.created", "post.edited", "post.removed", "post.hidden",
    "post.restored", "post.reactions",
}  # fmt: skip


def thread_stream(user: User, pk: int | None) -> StreamCheck:
    thread = Thread.objects.filter(pk=pk).first()
    if thread is None:
        return StreamCheck.allowed(False, missing=True)
    return StreamCheck.allowed(user.has_perm("forum.view_thread", thread))


def register_streams() -> None:
    register_stream("thread", check=thread_stream, events={"thread.locked"})
    for kind in ("thread", "idea", "challenge", "project"):
        register_stream_events(kind, POST_EVENTS)
    register_stream_events("moderation", {"post.flagged"})
