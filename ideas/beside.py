"""What an idea's page shows beside the idea (tags, pictures, attachments,
the projects it became, co-authors, status changes, ideas merged into it),
read only where there is something to show.

Most ideas have none of these. A prefetch costs about a millisecond of Python
and a round trip even when it finds nothing, so the idea's own query asks
whether each exists (an EXISTS on an index, ``with_presence``) and only those
that do are read (``extras``)."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from taggit.models import Tag, TaggedItem

from ideas.models import (
    CoAuthor,
    Idea,
    IdeaAttachment,
    IdeaImage,
    Project,
    StatusChange,
)


def _shown_co_authors() -> QuerySet[CoAuthor]:
    return CoAuthor.objects.filter(accepted_at__isnull=False, ended_at__isnull=True)


def with_co_author_presence(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """Each idea with ``has_co_authors``, for ``load_co_authors``: what the
    permission rules ask of an idea a form acts on (ideas.access)."""
    return ideas.annotate(
        has_co_authors=Exists(_shown_co_authors().filter(idea=OuterRef("pk")))
    )


def load_co_authors(idea: Idea) -> Idea:
    """The idea's accepted co-authors, which ideas.rules reads instead of a
    query of its own; none read where ``has_co_authors`` says there are none."""
    idea.shown_co_authors = (  # type: ignore[attr-defined]
        list(_shown_co_authors().filter(idea=idea).select_related("user"))
        if idea.has_co_authors  # type: ignore[attr-defined]
        else []
    )
    return idea


def with_presence(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """Each idea with ``has_<what>`` for everything its page shows beside it."""
    idea = OuterRef("pk")
    tagged = TaggedItem.objects.filter(
        object_id=idea, content_type=ContentType.objects.get_for_model(Idea)
    )
    return ideas.annotate(
        has_tags=Exists(tagged),
        has_images=Exists(IdeaImage.objects.filter(idea=idea)),
        has_attachments=Exists(IdeaAttachment.objects.filter(idea=idea)),
        has_projects=Exists(Project.origin_ideas.through.objects.filter(idea_id=idea)),
        has_co_authors=Exists(_shown_co_authors().filter(idea=idea)),
        has_status_changes=Exists(StatusChange.objects.filter(idea=idea)),
        has_duplicates=Exists(Idea.objects.filter(duplicate_of=idea)),
    )


def load_for_permissions(idea: Idea) -> Idea:
    """What the permission rules read of an idea from ``with_presence``: its
    accepted co-authors (ideas.rules), and its status changes for the page's
    timeline (selectors.timeline)."""
    load_co_authors(idea)
    if idea.has_status_changes:  # type: ignore[attr-defined]
        changes = StatusChange.objects.select_related("actor").order_by("at", "pk")
        prefetch_related_objects([idea], Prefetch("status_changes", queryset=changes))
    return idea


@dataclass(frozen=True)
class Extras:
    tags: list[Tag] = field(default_factory=list)
    images: list[IdeaImage] = field(default_factory=list)
    attachments: list[IdeaAttachment] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)


def extras(idea: Idea) -> Extras:
    """The tags, pictures, attachments and projects of an idea read with
    ``with_presence``: a query for each that exists, none for the others."""

    def present(what: str) -> bool:
        return getattr(idea, f"has_{what}")

    return Extras(
        tags=list(idea.tags.all()) if present("tags") else [],
        images=list(idea.images.all()) if present("images") else [],
        attachments=list(idea.attachments.all()) if present("attachments") else [],
        projects=list(idea.projects.only("id", "slug", "title"))
        if present("projects")
        else [],
    )
