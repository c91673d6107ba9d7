"""What ideas/ holds about a person, for "download my data" and "delete my
account". Kept contributions stay public as written by a former participant:
the author link and everything else that points at the person is cleared."""

from django.db import transaction

from accounts import privacy
from accounts.models import User
from ideas.models import CoAuthor, Idea, IdeaAttachment, IdeaImage, Support
from ideas.supports import supports_recount
from notifications.models import Notification


def export_ideas(user: User) -> list[dict[str, object]]:
    ideas = Idea.objects.filter(author=user).prefetch_related("goals", "revisions")
    return [
        {
            "id": idea.pk,
            "title": idea.title,
            "summary": idea.summary,
            "body": idea.body,
            "kind": idea.kind,
            "status": idea.status,
            "goals": [goal.title for goal in idea.goals.all()],
            "tags": sorted(idea.tags.names()),
            "created_at": idea.created_at.isoformat(),
            "published_at": idea.published_at.isoformat()
            if idea.published_at
            else None,
            "edited_at": idea.edited_at.isoformat() if idea.edited_at else None,
            "earlier_versions": [
                {"title": r.title, "summary": r.summary, "body": r.body}
                for r in idea.revisions.all()
            ],
        }
        for idea in ideas.order_by("created_at")
    ]


def idea_files(user: User) -> list[privacy.ExportFile]:
    """Pictures (with their alt text) and attachments of the person's ideas."""
    found = []
    for image in IdeaImage.objects.filter(idea__author=user).order_by("pk"):
        found.append(
            privacy.ExportFile(
                storage=image.image.storage,
                name=image.image.name,
                description=f"Picture on idea {image.idea_id}: {image.alt_text}",
                folder=f"ideas/{image.idea_id}",
            )
        )
    for attachment in IdeaAttachment.objects.filter(idea__author=user).order_by("pk"):
        found.append(
            privacy.ExportFile(
                storage=attachment.file.storage,
                name=attachment.file.name,
                description=f"Attachment on idea {attachment.idea_id}: "
                f"{attachment.title}",
                folder=f"ideas/{attachment.idea_id}",
            )
        )
    return found


def export_supports(user: User) -> list[dict[str, object]]:
    return [
        {"idea_id": s.idea_id, "idea": s.idea.title, "at": s.created_at.isoformat()}
        for s in Support.objects.filter(user=user)
        .select_related("idea")
        .order_by("created_at")
    ]


def erase_ideas(user: User, keep: bool) -> None:
    """Call inside the deletion transaction."""
    authored = Idea.objects.filter(author=user)
    # Drafts were never public: they go either way.
    gone = authored if not keep else authored.filter(published_at__isnull=True)
    _delete_files_after_commit(gone)
    # Other people's notices about ideas that are going say what they were.
    gone_ids = list(gone.values_list("pk", flat=True))
    Notification.objects.filter(params__idea_id__in=gone_ids).delete()
    gone.delete()
    authored.update(author=None)
    Idea.objects.filter(assisted_by=user).update(assisted_by=None)
    Idea.objects.filter(answered_by=user).update(answered_by=None)
    _erase_supports(user, keep)


def _delete_files_after_commit(ideas: object) -> None:
    """Pictures and attachments of deleted ideas leave the storage too."""
    names = [
        *IdeaImage.objects.filter(idea__in=ideas).values_list("image", flat=True),
        *IdeaAttachment.objects.filter(idea__in=ideas).values_list("file", flat=True),
    ]
    storage = IdeaImage._meta.get_field("image").storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def _erase_supports(user: User, keep: bool) -> None:
    supports = Support.objects.filter(user=user)
    if keep:
        # The support still counts, from nobody in particular.
        supports.update(user=None)
        return
    idea_ids = list(supports.values_list("idea_id", flat=True))
    supports.delete()
    supports_recount(idea_ids)


def export_co_authorships(user: User) -> list[dict[str, object]]:
    """Ideas the person writes or wrote as a co-author. (Leaving the account
    ends them: the rows go with it.)"""
    return [
        {
            "idea_id": c.idea_id,
            "idea": c.idea.title,
            "invited_to": c.email,
            "accepted_at": c.accepted_at.isoformat() if c.accepted_at else None,
            "ended_at": c.ended_at.isoformat() if c.ended_at else None,
        }
        for c in CoAuthor.objects.filter(user=user)
        .select_related("idea")
        .order_by("invited_at")
    ]


def register_idea_parts() -> None:
    privacy.register("ideas", export=export_ideas, erase=erase_ideas, files=idea_files)
    privacy.register("supports", export=export_supports)
    privacy.register("co_authorships", export=export_co_authorships)
