"""Which streams exist and who may hear them."""

import re
from dataclasses import dataclass

from accounts.models import User

STREAM_PATTERN = re.compile(
    r"^(idea|thread|challenge|project|user)\.(\d{1,12})$|^moderation$"
)


@dataclass(frozen=True)
class StreamCheck:
    ok: bool
    code: str = ""


def stream_check(user: User, stream: str) -> StreamCheck:
    """May ``user`` subscribe to ``stream``? Call from sync code (it reads the DB)."""
    match = STREAM_PATTERN.match(stream)
    if match is None:
        return StreamCheck(False, "unknown_stream")
    if stream == "moderation":
        allowed = user.is_authenticated and user.has_perm("ideas.moderate_idea")
        return StreamCheck(allowed, "" if allowed else "forbidden")
    kind, pk = match.group(1), int(match.group(2))
    if kind == "user":
        allowed = user.is_authenticated and user.pk == pk
        return StreamCheck(allowed, "" if allowed else "forbidden")
    if kind == "idea":
        from ideas.models import Idea

        idea = Idea.objects.filter(pk=pk).first()
        if idea is None:
            return StreamCheck(False, "unknown_stream")
        allowed = user.has_perm("ideas.view_idea", idea) and (
            idea.hidden_at is None or user.has_perm("ideas.moderate_idea")
        )
        return StreamCheck(allowed, "" if allowed else "forbidden")
    if kind == "thread":
        from forum.models import Thread

        thread = Thread.objects.filter(pk=pk).first()
        if thread is None:
            return StreamCheck(False, "unknown_stream")
        allowed = user.has_perm("forum.view_thread", thread)
        return StreamCheck(allowed, "" if allowed else "forbidden")
    if kind == "project":
        from ideas.models import Project

        exists = Project.objects.filter(pk=pk).exists()
        return StreamCheck(exists, "" if exists else "unknown_stream")
    from cms.models import ChallengePage

    exists = ChallengePage.objects.live().filter(pk=pk).exists()
    return StreamCheck(exists, "" if exists else "unknown_stream")
