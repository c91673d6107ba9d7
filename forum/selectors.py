"""Reading discussions. A page of a discussion is one page of top-level posts
with all their replies: a constant number of queries however many posts there
are. Hidden posts are kept in place as placeholders; their text is only
rendered for moderators (the template decides with ``can_moderate``)."""

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Prefetch, QuerySet

from accounts.models import User
from common.compiled import ID_MARKER, WINDOW, CompiledQuery
from forum.models import Category, Post, PostFlag, Reaction, Thread
from forum.pagination import DiscussionPaginator, top_level_count
from forum.targets import stream_of, target_kind
from live.events import last_id

if TYPE_CHECKING:
    from forum.models import Appeal
    from ideas.models import Idea

POSTS_PER_PAGE = 20
# Posts this few are counted outright; past them, from the nearer end.
NEAR = 200
THREADS_PER_PAGE = 25


def _post_columns(queryset: QuerySet[Post]) -> QuerySet[Post]:
    return queryset.select_related("author", "quote", "quote__author")


def _top_level(kind: str, pk: int) -> QuerySet[Post]:
    """A discussion's top-level posts, oldest first."""
    return Post.objects.filter(**{f"{kind}_id": pk}, parent__isnull=True).order_by(
        "created_at", "pk"
    )


@dataclass
class Discussion:
    target: models.Model
    stream: str
    page: Page
    last_id: int
    reacted: set[tuple[int, str]] = field(default_factory=set)

    @property
    def posts(self) -> list[Post]:
        return list(self.page.object_list)

    @property
    def is_last_page(self) -> bool:
        return not self.page.has_next()


class TopLevelPosts:
    """A discussion's top-level posts, oldest first (``reverse()``: newest
    first), each with its replies, its author and what it quotes: sliced as a
    queryset is, for ``DiscussionPaginator``. Every idea page reads one such
    window and its replies, with SQL written once per process (writing it was
    a tenth of an idea page's Python); the window's bounds are parameters."""

    def __init__(self, kind: str, pk: int, *, newest_first: bool = False) -> None:
        self.kind, self.pk, self.newest_first = kind, pk, newest_first

    def reverse(self) -> "TopLevelPosts":
        return TopLevelPosts(self.kind, self.pk, newest_first=not self.newest_first)

    def __getitem__(self, window: slice) -> list[Post]:
        offset = window.start or 0
        limit = (window.stop if window.stop is not None else offset) - offset
        if limit <= 0:
            return []
        posts = _window_query(self.kind, self.newest_first).all(
            self.pk, window=(offset, limit)
        )
        return _with_replies(posts)


@functools.cache
def _window_query(kind: str, newest_first: bool) -> CompiledQuery[Post]:
    def make(pk: int) -> QuerySet[Post]:
        top_level = _top_level(kind, pk)
        return _post_columns(top_level.reverse() if newest_first else top_level)[WINDOW]

    return CompiledQuery(make)


@functools.cache
def _replies_query(posts: int) -> CompiledQuery[Post]:
    """The replies to ``posts`` top-level posts, oldest first."""

    def make(*parents: int) -> QuerySet[Post]:
        replies = Post.objects.filter(parent_id__in=parents)
        return _post_columns(replies.order_by("created_at", "pk"))

    return CompiledQuery(make, markers=tuple(ID_MARKER - n for n in range(posts)))


def _with_replies(posts: list[Post]) -> list[Post]:
    """Each post's replies, as ``prefetch_related("replies")`` leaves them."""
    if not posts:
        return posts
    by_parent: dict[int, list[Post]] = {post.pk: [] for post in posts}
    for reply in _replies_query(len(posts)).all(*by_parent):
        by_parent[reply.parent_id or 0].append(reply)
    parent = Post._meta.get_field("parent")
    for post in posts:
        # Where Django's prefetch leaves them: replies.all() answers from here.
        replies = post.replies.all()
        replies._result_cache = by_parent[post.pk]
        setattr(replies, "_prefetch_done", True)  # noqa: B010
        setattr(post, "_prefetched_objects_cache", {"replies": replies})  # noqa: B010
        for reply in by_parent[post.pk]:
            parent.set_cached_value(reply, post)
    return posts


def discussion_get(
    *, target: models.Model, user: User, page: int | str | None = None
) -> Discussion:
    """One page of a discussion (``page="last"`` for the newest) with replies,
    authors, quotes and the reader's own reactions."""
    stream = stream_of(target)
    place = last_id(stream)
    kind = target_kind(target)
    top_level = _top_level(kind, target.pk)
    paginator = DiscussionPaginator(
        TopLevelPosts(kind, target.pk),
        POSTS_PER_PAGE,
        count=top_level_count(stream, top_level, place),
        unchanged=lambda: last_id(stream) == place,
    )
    number = paginator.num_pages if page == "last" else page
    current = paginator.get_page(number)
    discussion = Discussion(target=target, stream=stream, page=current, last_id=place)
    if user.is_authenticated:
        ids = [p.pk for p in current.object_list] + [
            r.pk for p in current.object_list for r in p.replies.all()
        ]
        discussion.reacted = set(
            Reaction.objects.filter(user=user, post_id__in=ids).values_list(
                "post_id", "kind"
            )
        )
    return discussion


def post_get(pk: int) -> Post | None:
    return _post_columns(Post.objects.filter(pk=pk)).first()


def post_page_number(post: Post) -> int:
    """The page of its discussion a post (or its parent) is on. In a long
    discussion the posts before it are counted from the end when that is
    nearer: a new post (where its writer is sent) is a few from the end."""
    top = post.parent or post
    top_level = _top_level(post.target_kind, post.target_id)
    earlier = top_level.filter(created_at__lt=top.created_at)
    before = earlier[:NEAR].count()
    if before == NEAR:
        from_the_end = _before_from_the_end(top_level, top, post.stream)
        before = earlier.count() if from_the_end is None else from_the_end
    return before // POSTS_PER_PAGE + 1


def _before_from_the_end(
    top_level: QuerySet[Post], top: Post, stream: str
) -> int | None:
    """The number of posts before ``top``: all of them less those from it on,
    if those are few. The two counts must see the same posts: a post that
    comes between them would put ``top`` one further on (seen with eight
    writers on one discussion), so they are tried again if the stream moved."""
    for _attempt in range(3):
        place = last_id(stream)
        total = top_level_count(stream, top_level, place)
        after = top_level.filter(created_at__gte=top.created_at)[:NEAR].count()
        if after == NEAR:
            return None
        if last_id(stream) == place:
            return total - after
    return None


def category_list() -> QuerySet[Category]:
    return Category.objects.annotate(
        thread_count=models.Count(
            "threads", filter=models.Q(threads__hidden_at__isnull=True)
        )
    )


def thread_list(*, category: Category | None = None) -> QuerySet[Thread]:
    threads = Thread.objects.filter(hidden_at__isnull=True).select_related(
        "author", "category"
    )
    if category is not None:
        threads = threads.filter(category=category)
    return threads.order_by("-pinned", "-last_post_at", "-pk")


def thread_page(*, category: Category, page: int | str | None) -> Page:
    return Paginator(thread_list(category=category), THREADS_PER_PAGE).get_page(page)


def thread_get(pk: int) -> Thread | None:
    return (
        Thread.objects.select_related(
            "category", "author", "idea", "goal", "challenge", "project"
        )
        .filter(pk=pk)
        .first()
    )


def flagged_posts() -> QuerySet[Post]:
    """Posts with open reports, or hidden pending review, oldest report first."""
    return (
        _post_columns(
            Post.objects.filter(
                models.Q(
                    pk__in=PostFlag.objects.filter(resolved_at__isnull=True).values(
                        "post_id"
                    )
                )
                | models.Q(hidden_at__isnull=False, hidden_reason="")
            )
        )
        .annotate(
            open_flags=models.Count(
                "flags", filter=models.Q(flags__resolved_at__isnull=True)
            )
        )
        .select_related("thread", "idea", "project", "challenge")
        .order_by("created_at")
    )


def people_to_mention(prefix: str, limit: int = 8) -> list[str]:
    prefix = prefix.strip()
    if len(prefix) < 2:
        return []
    return list(
        User.objects.filter(display_name__istartswith=prefix, is_active=True)
        .order_by("display_name")
        .values_list("display_name", flat=True)
        .distinct()[:limit]
    )


# The comments of merged ideas shown on the original: enough for any real merge,
# a bound for a pathological one.
MERGED_POSTS_SHOWN = 200


def merged_discussions(idea: "Idea") -> list[tuple["Idea", list[Post]]]:
    """The visible ideas merged into ``idea`` (marked as its duplicates), each
    with its comments and their replies: three queries whatever their number."""
    from ideas.models import Idea

    duplicates = list(
        Idea.objects.filter(
            duplicate_of=idea, published_at__isnull=False, hidden_at__isnull=True
        ).order_by("pk")
    )
    if not duplicates:
        return []
    replies = Prefetch(
        "replies", queryset=_post_columns(Post.objects.order_by("created_at", "pk"))
    )
    posts = (
        _post_columns(Post.objects.filter(idea__in=duplicates, parent__isnull=True))
        .order_by("created_at", "pk")
        .prefetch_related(replies)[:MERGED_POSTS_SHOWN]
    )
    by_idea: dict[int | None, list[Post]] = {d.pk: [] for d in duplicates}
    for post in posts:
        by_idea[post.idea_id].append(post)
    return [(d, by_idea[d.pk]) for d in duplicates if by_idea[d.pk]]


MY_POSTS_SHOWN = 20


def posts_by(person: User) -> tuple[int, list[Post]]:
    """A person's own posts, newest first, with what they were written on (two
    queries plus one per kind of target): for "My participation"."""
    posts = Post.objects.filter(author=person, removed_at__isnull=True)
    shown = list(
        posts.select_related("thread", "idea", "challenge", "project").order_by(
            "-created_at", "-pk"
        )[:MY_POSTS_SHOWN]
    )
    return posts.count(), shown


def open_appeals(limit: int = 50) -> tuple[int, list["Appeal"]]:
    """Appeals waiting for a moderator, oldest first (two queries)."""
    from forum.models import Appeal

    waiting = Appeal.objects.filter(decided_at__isnull=True)
    shown = waiting.select_related("appellant", "idea", "post").order_by(
        "created_at", "pk"
    )[:limit]
    return waiting.count(), list(shown)
