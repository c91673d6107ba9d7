"""My participation: everything a person took part in, with its current state
and what changed since their last visit to the page."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from accounts.models import User
from ideas.models import CoAuthor, Idea, Project, Support
from notifications.models import Follow, Notification, NotificationKind

SHOWN = 50  # per list; the page says how many more there are


@dataclass
class Participation:
    seen_at: datetime | None
    written: list[Idea] = field(default_factory=list)
    supported: list[Idea] = field(default_factory=list)
    followed: list[Idea] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


def _with_changes(ideas: QuerySet[Idea], since: datetime | None) -> QuerySet[Idea]:
    """Each idea with what changed after ``since``: its newest status change,
    whether the official answer is newer, and how many comments are new."""
    if since is None:  # a first visit: nothing is marked new
        return ideas.order_by("-pk")
    return ideas.annotate(
        changed_status_at=Max(
            "status_changes__at", filter=Q(status_changes__at__gt=since)
        ),
        new_comments=Count(
            "comments",
            filter=Q(comments__created_at__gt=since, comments__hidden_at__isnull=True),
            distinct=True,
        ),
    ).order_by("-pk")


def participation_get(person: User) -> Participation:
    """Four queries for the ideas and one for the projects, however many."""
    since = person.participation_seen_at
    found = Participation(seen_at=since)
    idea_type = ContentType.objects.get_for_model(Idea)
    co_authored = Exists(
        CoAuthor.objects.filter(
            idea=OuterRef("pk"),
            user=person,
            accepted_at__isnull=False,
            ended_at__isnull=True,
        )
    )
    lists = {
        "written": Idea.objects.filter(Q(author=person) | Q(co_authored)),
        "supported": Idea.objects.visible().filter(
            Exists(Support.objects.filter(idea=OuterRef("pk"), user=person))
        ),
        "followed": Idea.objects.visible()
        .exclude(author=person)
        .exclude(co_authored)
        .filter(
            Exists(
                Follow.objects.filter(
                    user=person, content_type=idea_type, object_id=OuterRef("pk")
                )
            )
        )
        .exclude(Exists(Support.objects.filter(idea=OuterRef("pk"), user=person))),
    }
    for name, ideas in lists.items():
        found.totals[name] = ideas.count()
        setattr(found, name, list(_with_changes(ideas, since)[:SHOWN]))
    found.projects = _followed_projects(person, since)
    found.totals["projects"] = len(found.projects)
    return found


def _followed_projects(person: User, since: datetime | None) -> list[Project]:
    """The projects the person follows, each with how much news it has had
    since the last visit (the news notifications the person got)."""
    project_type = ContentType.objects.get_for_model(Project)
    news = Notification.objects.filter(
        recipient=person, kind=NotificationKind.PROJECT_NEWS
    )
    if since:
        news = news.filter(created_at__gt=since)
    counts: dict[int, int] = {}
    for params in news.values_list("params", flat=True):
        pk = params.get("project_id")
        counts[pk] = counts.get(pk, 0) + 1
    followed = Follow.objects.filter(user=person, content_type=project_type)
    projects = list(
        Project.objects.filter(pk__in=followed.values("object_id")).order_by("-pk")[
            :SHOWN
        ]
    )
    for project in projects:
        project.news = counts.get(project.pk, 0)
    return projects
