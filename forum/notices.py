"""Who hears of a new post: the people it mentions, and those who follow the
discussion. Written after commit, never for one's own post."""

from django.db import models, transaction

from forum.models import Post


def target_title(target: models.Model) -> str:
    return str(getattr(target, "title", "") or target)


def post_url(post: Post, target: models.Model) -> str:
    base = (
        target.get_absolute_url() if hasattr(target, "get_absolute_url") else target.url
    )
    return f"{base}#post-{post.pk}"


def post_created_after_commit(*, post: Post, target: models.Model) -> None:
    """Call inside the post's transaction."""
    from forum.mentions import mentioned_users
    from notifications.models import NotificationKind
    from notifications.services import (
        follow_add,
        follower_ids,
        notifications_create,
    )

    author = post.author
    params = {
        "title": target_title(target),
        "author": author.display_name if author else "",
        "excerpt": post.body[:140],
    }
    url = post_url(post, target)
    if post.thread_id and author is not None:
        # Writing in a thread follows it, as people expect from a forum.
        follow_add(actor=author, target=target, check=False)

    def tell() -> None:
        mentioned = {u.pk for u in mentioned_users(post.body)} - {post.author_id}
        followers = follower_ids([target]) - mentioned - {post.author_id}
        if mentioned:
            notifications_create(
                kind=NotificationKind.MENTIONED,
                recipient_ids=mentioned,
                actor=author,
                url=url,
                params=params,
            )
        if followers:
            notifications_create(
                kind=NotificationKind.NEW_POST,
                recipient_ids=followers,
                actor=author,
                url=url,
                params=params,
            )

    transaction.on_commit(tell)
