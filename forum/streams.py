"""The live streams forum/ owns (a thread's) and the events it writes on the
discussions of others' streams: posts on ideas, challenges and projects, and
reports on the moderators' stream (live.streams); and how a post looks to a
reader who is not signed in, sent with its events to such readers."""

from accounts.models import User
from forum import selectors
from forum.for_everyone import posts_for_everyone
from forum.models import Thread
from forum.targets import target_get, target_is_public
from live.streams import (
    StreamCheck,
    register_html_for_everyone,
    register_stream,
    register_stream_events,
)

POST_EVENTS = {
    "post.created", "post.edited", "post.removed", "post.hidden",
    "post.restored", "post.reactions",
}  # fmt: skip


def thread_stream(user: User, pk: int | None) -> StreamCheck:
    thread = Thread.objects.filter(pk=pk).first()
    if thread is None:
        return StreamCheck.allowed(False, missing=True)
    return StreamCheck.allowed(user.has_perm("forum.view_thread", thread))


def post_for_everyone(data: dict) -> str | None:
    """The post as its fragment URL shows it to a reader not signed in; None
    if the post or its discussion is not public."""
    post = selectors.post_get(data["post_id"])
    if post is None:
        return None
    target = target_get(post.target_kind, post.target_id)
    if target is None or not target_is_public(target):
        return None
    (html,) = posts_for_everyone([post])
    return html


def register_streams() -> None:
    register_stream("thread", check=thread_stream, events={"thread.locked"})
    for kind in ("thread", "idea", "challenge", "project"):
        register_stream_events(kind, POST_EVENTS)
    register_stream_events("moderation", {"post.flagged"})
    # Reactions carry their counts; every other post event changes the post.
    register_html_for_everyone(POST_EVENTS - {"post.reactions"}, post_for_everyone)
