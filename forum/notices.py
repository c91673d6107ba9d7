"""Who hears of a new post: the people it mentions, and those who follow the
discussion. Written after commit, never for one's own post."""

from django.db import models, transaction

from common.site import request_site
from forum.models import Post


def target_title(target: models.Model) -> str:
    return str(getattr(target, "title", "") or target)


def post_url(post: Post, target: models.Model) -> str:
    base = (
        target.get_absolute_url() if hasattr(target, "get_absolute_url") else target.url
    )
    return f"{base}#post-{post.pk}"


def post_created_after_commit(*, post: Post, target: models.Model) -> None:
    """Call inside the post's transaction. Once it has committed, the task
    worker tells the people it mentions and those who follow the discussion
    (forum.tasks.post_notices): the request does one write for it however
    many people follow."""
    from forum.tasks import post_notices
    from notifications.services import follow_add

    if post.thread_id and post.author is not None:
        # Writing in a thread follows it, as people expect from a forum.
        follow_add(actor=post.author, target=target, check=False)
    site = request_site()  # read now: the task runs after the request
    transaction.on_commit(lambda: post_notices.enqueue(post_id=post.pk, site=site))


def post_notices_send(*, post: Post, site: str) -> None:
    """Notify those the post mentions, then its discussion's followers (each
    person once, never its author). A post hidden or removed meanwhile tells
    nobody."""
    from forum.mentions import mentioned_users
    from forum.targets import target_get
    from notifications.models import NotificationKind
    from notifications.services import (
        followers_notify,
        notifications_create,
        target_ref,
    )

    target = target_get(post.target_kind, post.target_id)
    if target is None or not post.is_visible:
        return
    author = post.author
    params = {
        "title": target_title(target),
        "author": author.display_name if author else "",
        "excerpt": post.body[:140],
    }
    url = post_url(post, target)
    mentioned = {u.pk for u in mentioned_users(post.body)} - {post.author_id}
    if mentioned:
        notifications_create(
            kind=NotificationKind.MENTIONED,
            recipient_ids=mentioned,
            actor=author,
            url=url,
            params=params,
            site=site,
        )
    followers_notify(
        kind=NotificationKind.NEW_POST,
        targets=[target_ref(target)],
        actor_id=post.author_id,
        url=url,
        params=params,
        site=site,
        leave_out=mentioned,
    )
