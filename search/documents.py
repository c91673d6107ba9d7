"""What a searchable item looks like to search, built from its source rows.

Both backends index the same ``Entry``: the database table ``SearchEntry`` and
the Elasticsearch document. Each source type says which of its rows are public
(only those are searchable: drafts, hidden, removed and restricted content is
not) and how one row becomes an entry. Builders work on batches so a rebuild of
hundreds of thousands of rows takes a fixed number of queries per batch.
"""

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Locale, Page

from accounts.models import Organisation
from cms.models import ChallengePage, GoalPage
from forum.models import Post
from ideas.markdown import plain_text
from ideas.models import Idea, Project
from search.models import EntryType

BODY_LIMIT = 8_000
BATCH = 2_000

SWEDISH_WORDS = frozenset(
    "och att det som en på är för med till av inte vi jag kan om har de den "
    "ett så men eller från vid när alla mer också skulle bli finns".split()
)
ENGLISH_WORDS = frozenset(
    "the and to of is for with that in on it we can not be are this would "
    "should from by more also have all there when".split()
)
WORD = re.compile(r"\w+")


def language_of(text: str) -> str:
    """'en' when English function words clearly outnumber Swedish ones; else 'sv'
    (the platform is Swedish first, and short texts say too little to tell)."""
    words = [w.casefold() for w in WORD.findall(text[:2000])]
    swedish = sum(w in SWEDISH_WORDS for w in words)
    english = sum(w in ENGLISH_WORDS for w in words)
    return "en" if english >= 3 and english > 2 * swedish else "sv"


@dataclass
class Entry:
    type: str
    object_id: int
    title: str
    body: str
    url: str
    language: str = "sv"
    status: str = ""
    kind: str = ""
    organisation_kind: str = ""
    author_role: str = ""
    district_id: int | None = None
    challenge_id: int | None = None
    goal_ids: list[int] = field(default_factory=list)
    published_at: datetime | None = None
    support_count: int = 0
    comment_count: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return (self.type, self.object_id)

    @property
    def fingerprint(self) -> str:
        """Changes whenever the text or a facet changes. The counters are left
        out: they move with every support and comment and are kept by a
        cheaper path (``COUNTERS``); ``state`` holds both for reconcile."""
        published = self.published_at.isoformat() if self.published_at else ""
        parts = [
            self.title, self.body, self.url, self.language, self.status, self.kind,
            self.organisation_kind, self.author_role, str(self.district_id),
            str(self.challenge_id), ",".join(map(str, self.goal_ids)), published,
        ]  # fmt: skip
        return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()

    @property
    def state(self) -> tuple[str, int, int]:
        """What reconcile compares with what is stored: an entry is out of
        date when any of these differ."""
        return (self.fingerprint, self.support_count, self.comment_count)


def _text(*parts: str) -> str:
    return "\n".join(p for p in parts if p)[:BODY_LIMIT]


class GoalIds:
    """Goal pages exist once per language; facets count the Swedish original."""

    def __init__(self) -> None:
        default = Locale.get_default()
        rows = GoalPage.objects.values_list("pk", "translation_key", "locale_id")
        originals = {key: pk for pk, key, locale in rows if locale == default.pk}
        self.by_pk = {pk: originals.get(key, pk) for pk, key, _locale in rows}

    def __call__(self, pks: Iterable[int]) -> list[int]:
        return sorted({self.by_pk.get(pk, pk) for pk in pks})


# --- Ideas


def idea_public() -> QuerySet[Idea]:
    return Idea.objects.visible()


def idea_entries(ideas: QuerySet[Idea], goals: GoalIds) -> Iterator[Entry]:
    ideas = ideas.select_related("organisation").prefetch_related("goals")
    for idea in ideas:
        text = _text(idea.summary, plain_text(idea.body_html))
        yield Entry(
            type=EntryType.IDEA,
            object_id=idea.pk,
            title=idea.title,
            body=text,
            url=idea.get_absolute_url(),
            language=language_of(f"{idea.title} {text}"),
            status=idea.status,
            kind=idea.kind,
            organisation_kind=idea.organisation.kind if idea.organisation else "",
            author_role=idea.author_role,
            district_id=idea.district_id,
            challenge_id=idea.challenge_id,
            goal_ids=goals(g.pk for g in idea.goals.all()),
            published_at=idea.published_at,
            support_count=idea.support_count,
            comment_count=idea.comment_count,
        )


# --- Posts


def post_public() -> QuerySet[Post]:
    """Visible posts in visible discussions."""
    return (
        Post.objects.filter(hidden_at__isnull=True, removed_at__isnull=True)
        .exclude(thread__hidden_at__isnull=False)
        .exclude(idea__isnull=False, idea__published_at__isnull=True)
        .exclude(idea__hidden_at__isnull=False)
        .exclude(challenge__isnull=False, challenge__live=False)
    )


def post_entries(posts: QuerySet[Post], goals: GoalIds) -> Iterator[Entry]:
    posts = posts.select_related("author", "thread", "idea", "challenge", "project")
    posts = posts.prefetch_related("idea__goals")
    for post in posts:
        target = post.thread or post.idea or post.challenge or post.project
        idea = post.idea
        goal_pks = [g.pk for g in idea.goals.all()] if idea else []
        if post.thread and post.thread.goal_id:
            goal_pks.append(post.thread.goal_id)
        challenge_id = post.challenge_id or (idea.challenge_id if idea else None)
        yield Entry(
            type=EntryType.POST,
            object_id=post.pk,
            title=str(getattr(target, "title", "") or target),
            body=plain_text(post.body_html)[:BODY_LIMIT],
            url=reverse("forum:post_go", kwargs={"pk": post.pk}),
            language=language_of(post.body),
            author_role="city_staff" if post.is_official else _role(post.author),
            district_id=idea.district_id if idea else None,
            challenge_id=challenge_id,
            goal_ids=goals(goal_pks),
            published_at=post.created_at,
            support_count=post.like_count,
        )


def _role(user: object) -> str:
    return getattr(user, "role", "") or ""


# --- Projects


def project_public() -> QuerySet[Project]:
    return Project.objects.all()


def project_entries(projects: QuerySet[Project], goals: GoalIds) -> Iterator[Entry]:
    for project in projects.prefetch_related("goals"):
        text = _text(
            project.summary, plain_text(project.description_html), project.owner_name
        )
        yield Entry(
            type=EntryType.PROJECT,
            object_id=project.pk,
            title=project.title,
            body=text,
            url=project.get_absolute_url(),
            language=language_of(f"{project.title} {text}"),
            status=project.status,
            kind=project.kind,
            goal_ids=goals(g.pk for g in project.goals.all()),
            published_at=_midnight(project.starts_on),
        )


def _midnight(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time()))


# --- Organisations


def organisation_public() -> QuerySet[Organisation]:
    return Organisation.objects.all()


def organisation_entries(
    organisations: QuerySet[Organisation], goals: GoalIds
) -> Iterator[Entry]:
    for organisation in organisations:
        yield Entry(
            type=EntryType.ORGANISATION,
            object_id=organisation.pk,
            title=organisation.name,
            body=organisation.description[:BODY_LIMIT],
            url=reverse("accounts:organisation_detail", args=[organisation.slug]),
            language=language_of(organisation.description),
            organisation_kind=organisation.kind,
            published_at=organisation.created_at,
        )


# --- CMS pages


def page_public() -> QuerySet[Page]:
    """Live pages anyone may read, below the site root."""
    return Page.objects.live().public().filter(depth__gt=2)


def page_entries(pages: QuerySet[Page], goals: GoalIds) -> Iterator[Entry]:
    for page in pages.select_related("locale").specific():  # type: ignore[attr-defined]
        goal_pks: list[int] = []
        challenge_id = None
        if isinstance(page, GoalPage):
            goal_pks = [page.pk]
        elif isinstance(page, ChallengePage):
            goal_pks = [g.pk for g in page.goals.all()]
            challenge_id = _original_id(page)
        yield Entry(
            type=EntryType.PAGE,
            object_id=page.pk,
            title=page.title,
            body=_page_text(page),
            url=page.url or "",
            language=page.locale.language_code[:2],
            kind=page.specific_class._meta.model_name if page.specific_class else "",
            challenge_id=challenge_id,
            goal_ids=goals(goal_pks),
            published_at=page.first_published_at,
        )


def _original_id(page: Page) -> int:
    """The default-language page's id, which ideas link to."""
    if page.locale_id == Locale.get_default().pk:
        return page.pk
    original = (
        Page.objects.filter(
            translation_key=page.translation_key, locale=Locale.get_default()
        )
        .values_list("pk", flat=True)
        .first()
    )
    return original or page.pk


def _page_text(page: Page) -> str:
    parts = [page.search_description]
    for name in ("intro", "short_description"):
        parts.append(str(getattr(page, name, "") or ""))
    body = getattr(page, "body", None)
    if body is not None:
        stream_block = getattr(body, "stream_block", None)
        if stream_block is not None:
            parts.extend(
                strip_tags(t) for t in stream_block.get_searchable_content(body)
            )
        else:
            parts.append(strip_tags(str(body)))
    return _text(*parts)


# --- The registry


@dataclass(frozen=True)
class Source:
    public: Callable[[], QuerySet]
    build: Callable[[QuerySet, GoalIds], Iterator[Entry]]


SOURCES: dict[str, Source] = {
    EntryType.IDEA: Source(idea_public, idea_entries),
    EntryType.POST: Source(post_public, post_entries),
    EntryType.PROJECT: Source(project_public, project_entries),
    EntryType.ORGANISATION: Source(organisation_public, organisation_entries),
    EntryType.PAGE: Source(page_public, page_entries),
}


# Entries whose counters follow a source row's columns: a support or a comment
# changes only these, so they are copied in one statement instead of the whole
# entry being rebuilt (``search.database.counters_refresh``).
COUNTERS: dict[str, tuple[type[Model], dict[str, str]]] = {
    EntryType.IDEA: (
        Idea,
        {"support_count": "support_count", "comment_count": "comment_count"},
    ),
}


def entries_for(type_: str, ids: Iterable[int]) -> list[Entry]:
    """Entries for those of ``ids`` that are public; the rest must leave search."""
    source = SOURCES[type_]
    return list(source.build(source.public().filter(pk__in=list(ids)), GoalIds()))


def entries_all(type_: str, batch: int = BATCH) -> Iterator[list[Entry]]:
    """Every public entry of a type, a batch at a time, in primary-key order."""
    source = SOURCES[type_]
    goals = GoalIds()
    last = 0
    while True:
        ids = list(
            source.public()
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return
        yield list(
            source.build(source.public().filter(pk__in=ids).order_by("pk"), goals)
        )
        last = ids[-1]


def public_ids(type_: str) -> QuerySet[Model]:
    return SOURCES[type_].public().values_list("pk", flat=True)
