"""What forum/ holds about a person, for "download my data" and "delete my
account". Replies by others always stay: a person's posts are either kept as
written by a former participant, or emptied to the "removed by the author"
placeholder, never deleted from under the answers to them."""

from django.conf import settings
from django.db.models import Count, F
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import privacy
from accounts.models import User
from forum.models import Post, PostFlag, PostRevision, Reaction, Thread
from forum.services import _count_visible
from forum.signals import posts_changed
from live.events import event_emit


def export_posts(user: User) -> list[dict[str, object]]:
    posts = Post.objects.filter(author=user).prefetch_related("revisions")
    return [
        {
            "id": post.pk,
            "discussion": post.stream,
            "reply_to": post.parent_id,
            "body": post.body,
            "official_answer": post.is_official,
            "created_at": post.created_at.isoformat(),
            "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            "removed_at": post.removed_at.isoformat() if post.removed_at else None,
            "earlier_versions": [r.body for r in post.revisions.all()],
        }
        for post in posts.order_by("created_at", "pk")
    ]


def export_threads(user: User) -> list[dict[str, object]]:
    return [
        {"id": t.pk, "title": t.title, "created_at": t.created_at.isoformat()}
        for t in Thread.objects.filter(author=user).order_by("created_at")
    ]


def export_reactions(user: User) -> list[dict[str, object]]:
    return [
        {"post_id": r.post_id, "kind": r.kind, "at": r.created_at.isoformat()}
        for r in Reaction.objects.filter(user=user).order_by("created_at")
    ]


def export_reports(user: User) -> list[dict[str, object]]:
    return [
        {"post_id": f.post_id, "reason": f.reason, "text": f.text}
        for f in PostFlag.objects.filter(user=user).order_by("created_at")
    ]


def erase_forum(user: User, keep: bool) -> None:
    """Call inside the deletion transaction."""
    _take_back_reactions(user)
    if not keep:
        _empty_posts(user)
        # The thread holds other people's posts and stays; its title was theirs.
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Discussion (title removed)")
        Thread.objects.filter(author=user).update(title=title)
    Post.objects.filter(author=user).update(author=None)
    Thread.objects.filter(author=user).update(author=None)


def _take_back_reactions(user: User) -> None:
    """Reactions go with the person, and the counts shown go down with them."""
    reactions = Reaction.objects.filter(user=user)
    for kind_row in reactions.values("kind").annotate(n=Count("pk")):
        field = f"{kind_row['kind']}_count"
        post_ids = reactions.filter(kind=kind_row["kind"]).values("post_id")
        Post.objects.filter(pk__in=post_ids).update(
            **{field: Greatest(F(field) - 1, 0)}
        )
    reactions.delete()


def _empty_posts(user: User) -> None:
    now = timezone.now()
    for post in Post.objects.filter(author=user, removed_at__isnull=True):
        if post.hidden_at is None:
            _count_visible(post, -1)
        event_emit(post.stream, "post.removed", {"post_id": post.pk})
    posts = Post.objects.filter(author=user)
    emptied = list(posts.values_list("pk", flat=True))
    posts.filter(removed_at__isnull=True).update(removed_at=now)
    posts.update(body="", body_html="")
    posts_changed.send(sender=Post, ids=emptied)

    PostRevision.objects.filter(post__author=user).delete()


def register_forum_parts() -> None:
    privacy.register("posts", export=export_posts, erase=erase_forum)
    privacy.register("threads", export=export_threads)
    privacy.register("reactions", export=export_reactions)
    privacy.register("post_reports", export=export_reports)
