"""Posts as a reader who is not signed in sees them: no buttons of their own,
the same for every such reader. Each post (a top-level one with its replies)
is rendered once and shared through the cache (common/fragments.py), keyed by
every value it shows, so an edit, a hide, a new reply, a like or a renamed
author is a new key and nobody is shown an old version. The discussion on a
page and the text sent inside live events (forum/streams.py) share them."""

from django.contrib.auth.models import AnonymousUser
from django.utils.safestring import SafeString

from common.fragments import render_many
from forum.models import Post

POST = "forum/includes/post.html"
EVERYONE = {
    "reacted": frozenset(),
    "user": AnonymousUser(),
    "can_post": False,
    "closed_reason": "",
    "can_moderate": False,
    "may_answer": False,
    "viewer_id": None,
}


def posts_for_everyone(posts: list[Post]) -> list[SafeString]:
    """``posts`` rendered for readers not signed in, in order. Top-level posts
    come with their replies prefetched (forum.selectors.discussion_get)."""
    return render_many(
        POST, posts, shown=_shown, context=lambda post: {**EVERYONE, "post": post}
    )


def _shown(post: Post) -> tuple[object, ...]:
    """Every value the post (and its replies) shows such a reader."""
    author, quote = post.author, post.quote
    quoted = None
    if quote is not None:
        quote_author = quote.author.display_name if quote.author else None
        quoted = (quote.pk, quote.is_visible, quote_author, quote.body)
    replies = () if post.parent_id else tuple(_shown(r) for r in post.replies.all())
    return (
        post.pk, post.parent_id, post.author_id,
        author.display_name if author else None,
        post.assisted_by_id, post.is_official, post.official_unit,
        post.created_at, post.edited_at, post.removed_at,
        post.hidden_at, post.hidden_reason, post.body_html,
        post.like_count, post.helpful_count, quoted, replies,
    )  # fmt: skip
