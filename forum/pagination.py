"""Pages of a discussion that cost the same on the first page of a short one as
on the last page of one with 170,000 posts.

- The number of top-level posts is kept in the shared cache under the
  discussion's place in its event stream (``live``'s ``last_id``). Every new
  post is an event on its discussion's stream, and a stream's ids are given
  out and committed in order, so the count kept for a place is the count at
  that place, and the next event is a new key: the count shown is never
  behind. Hidden and removed posts keep their place as placeholders and
  change no count; posts are never deleted on their own, only with their
  whole discussion.
- After each event on a discussion the count moves on to the new place (+1
  for a new top-level post, +0 for a reaction, a support, an edit), so only a
  cold cache counts. Counting a long discussion reads every entry of its
  index: 17 ms at 170,000 posts.
- A page past the middle is read from the newest end, so no page skips more
  than half of the posts (an OFFSET walks every row it skips), and the last
  page, where a new post is, reads only its own rows.
"""

from collections.abc import Callable, Sequence
from typing import Protocol

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet

from forum.models import Post
from forum.targets import TARGET_KINDS
from live.events import last_id
from live.models import StreamEvent

# A count is right or it is not used: it can be kept long.
COUNT_SECONDS = 24 * 3600


def _key(stream: str, place: int) -> str:
    return f"forum:top-level:{stream}:{place}"


def top_level_count(stream: str, top_level: QuerySet[Post], place: int) -> int:
    """How many posts ``top_level`` (the discussion's on ``stream``, oldest
    first) holds, with the stream at ``place`` (its ``last_id``, read before)."""
    newest = top_level.reverse().values_list("pk", flat=True).first()
    if newest is None:
        return 0
    kept = cache.get(_key(stream, place))
    # The newest post is asked for as well: a post written straight into the
    # table (load data, a test's factory) is no event but is a new newest.
    if kept is not None and kept[0] == newest:
        return kept[1]
    count = top_level.count()
    # Kept only if nothing happened in the discussion while counting.
    if last_id(stream) == place:
        cache.set(_key(stream, place), (newest, count), COUNT_SECONDS)
    return count


def count_moves_on(logged: StreamEvent) -> None:
    """An event listener (``live.events``): after commit, the count kept for
    the place before this event, if any, is kept for this one too."""
    if logged.stream.partition(".")[0] not in TARGET_KINDS:
        return
    new_top_level = logged.event == "post.created" and not logged.data.get("parent_id")
    new_post = logged.data["post_id"] if new_top_level else None
    transaction.on_commit(lambda: _move_on(logged.stream, logged.seq, new_post))


def _move_on(stream: str, place: int, new_post: int | None) -> None:
    before = cache.get(_key(stream, place - 1))
    if before is None:
        return
    newest, count = before
    if new_post is not None:
        newest, count = new_post, count + 1
    cache.set(_key(stream, place), (newest, count), COUNT_SECONDS)


class TopLevel(Protocol):
    """A discussion's top-level posts, sliced as a queryset is."""

    def __getitem__(self, window: slice) -> Sequence[Post]: ...

    def reverse(self) -> "TopLevel": ...


class DiscussionPaginator(Paginator):
    """Told its count (``top_level_count``); reads late pages from the end.
    ``unchanged()`` says whether the discussion is still as it was counted: a
    post that came since would shift a page read from the end by one, so that
    page is read again from the start."""

    def __init__(
        self,
        object_list: QuerySet[Post] | TopLevel,
        per_page: int,
        *,
        count: int,
        unchanged: Callable[[], bool],
    ):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property
        self.unchanged = unchanged

    def page(self, number: object) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom <= self.count // 2:
            return self._get_page(self.object_list[bottom:top], number, self)
        newest_first = self.object_list.reverse()
        rows = list(reversed(newest_first[self.count - top : self.count - bottom]))
        if not self.unchanged():
            rows = list(self.object_list[bottom:top])
        return self._get_page(rows, number, self)
