"""The live streams ideas/ owns: one per idea and per project, and the
moderators' stream (live.streams)."""

from accounts.models import User
from ideas.models import Idea, Project
from live.streams import StreamCheck, register_stream


def idea_stream(user: User, pk: int | None) -> StreamCheck:
    idea = Idea.objects.filter(pk=pk).first()
    if idea is None:
        return StreamCheck.allowed(False, missing=True)
    return StreamCheck.allowed(
        user.has_perm("ideas.view_idea", idea)
        and (idea.hidden_at is None or user.has_perm("ideas.moderate_idea"))
    )


def project_stream(user: User, pk: int | None) -> StreamCheck:
    exists = Project.objects.filter(pk=pk).exists()
    return StreamCheck.allowed(exists, missing=not exists)


def moderation_stream(user: User, pk: int | None) -> StreamCheck:
    return StreamCheck.allowed(
        user.is_authenticated and user.has_perm("ideas.moderate_idea")
    )


def register_streams() -> None:
    register_stream(
        "idea",
        check=idea_stream,
        events={"idea.published", "idea.status_changed", "idea.support_count"},
    )
    register_stream(
        "project",
        check=project_stream,
        events={
            "milestone.added",
            "milestone.completed",
            "indicator.measured",
            "project.updated",
        },
    )
    register_stream("moderation", check=moderation_stream, with_id=False)
