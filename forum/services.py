"""Writing in discussions: threads, posts (comments are posts on an idea, a
challenge or a project), edits, removal and reactions.

Every service checks permission itself, runs in one transaction, writes its live
event into the event log inside that transaction and tells followers only after
commit.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import AuditLogEntry, User
from accounts.services import audit_log
from forum import notices
from forum.models import Category, Post, PostRevision, Reaction, ReactionKind, Thread
from forum.targets import stream_of, target_is_public, target_kind
from ideas.markdown import render_markdown
from live.events import event_emit


def _check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > Post.MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("A post can be at most %(max)s characters; this is %(n)s.")
                % {"max": f"{Post.MAX_LENGTH:,}".replace(",", " "), "n": len(body)}
            }
        )
    return body


def _check_rate(actor: User, body: str) -> None:
    """Posting limits per person, counted in the database so they hold across
    workers. The caller holds the person's row lock, so two posts sent at once
    are counted one after the other."""
    now = timezone.now()
    young = actor.date_joined > now - timedelta(days=1)
    per_minute = (
        settings.FORUM_NEW_ACCOUNT_POSTS_PER_MINUTE
        if young
        else settings.FORUM_POSTS_PER_MINUTE
    )
    per_hour = (
        settings.FORUM_NEW_ACCOUNT_POSTS_PER_HOUR
        if young
        else settings.FORUM_POSTS_PER_HOUR
    )
    minute_ago = now - timedelta(minutes=1)
    recent = Post.objects.filter(author=actor, created_at__gte=now - timedelta(hours=1))
    counted = recent.aggregate(  # one statement for the three figures
        hour=Count("pk"),
        minute=Count("pk", filter=Q(created_at__gte=minute_ago)),
        same=Count("pk", filter=Q(created_at__gte=minute_ago, body=body)),
    )
    if counted["same"]:
        raise ValidationError(
            {"body": _("You posted exactly this a moment ago; it is already there.")}
        )
    if counted["minute"] >= per_minute or counted["hour"] >= per_hour:
        raise ValidationError(
            {"body": _("You are posting very fast. Wait a minute and try again.")}
        )


def _lock_actor(actor: User) -> User:
    """Lock the person's row, so that posts sent at once are counted one after
    the other, and re-read what may have changed since the request began (a
    suspension). The same object is kept, with its permissions as already
    looked up: re-reading the whole person cost those lookups again."""
    actor.suspended_until = (
        User.objects.select_for_update()
        .values_list("suspended_until", flat=True)
        .get(pk=actor.pk)
    )
    return actor


def _lock_target(target: models.Model) -> models.Model:
    kind = target_kind(target)
    if kind == "challenge":
        return target  # pages are not counted or locked here
    return type(target)._default_manager.select_for_update().get(pk=target.pk)


def _check_may_post(actor: User, target: models.Model) -> None:
    if actor.is_authenticated and actor.is_suspended:
        raise PermissionDenied(
            _("Your account is suspended until %(date)s; you can read but not post.")
            % {"date": date_format(timezone.localtime(actor.suspended_until), "j F Y")}
        )
    if not actor.has_perm("forum.add_post"):
        raise PermissionDenied(_("Confirm your e-mail address to take part."))
    if not target_is_public(target):
        raise PermissionDenied(_("This discussion is not open."))
    if isinstance(target, Thread) and target.locked:
        raise PermissionDenied(_("This thread is locked; no new posts."))


def _resolve_parent(parent: Post | None, target: models.Model) -> tuple:
    """Replies nest one level. A reply to a reply is attached to that reply's
    parent and quotes the reply it answers."""
    if parent is None:
        return None, None
    if parent.stream != stream_of(target):
        raise ValidationError(_("That post is in another discussion."))
    if not parent.is_visible:
        raise ValidationError(
            _("That post has been removed or hidden, so it cannot be answered.")
        )
    if parent.parent_id is not None:
        return parent.parent, parent
    return parent, None


def _count_visible(post: Post, delta: int) -> None:
    """Keep the discussion's counters in step with its visible posts."""
    from ideas.models import Idea

    if post.idea_id:
        Idea.objects.filter(pk=post.idea_id).update(
            comment_count=Greatest(F("comment_count") + delta, 0)
        )
    elif post.thread_id:
        Thread.objects.filter(pk=post.thread_id).update(
            post_count=Greatest(F("post_count") + delta, 0)
        )


@transaction.atomic
def post_create(
    *,
    actor: User,
    target: models.Model,
    body: str,
    parent: Post | None = None,
    official: bool = False,
    on_behalf_of: User | None = None,
) -> Post:
    """Write a post on ``target`` (a thread, idea, challenge page or project).
    With ``on_behalf_of``, city staff write for a person they registered (who
    consented then); the post is the person's, marked as assisted."""
    helper = None
    if on_behalf_of is not None:
        if not actor.has_perm("accounts.assist_person", on_behalf_of):
            raise PermissionDenied
        if official:
            raise PermissionDenied
        helper, actor = actor, on_behalf_of
    body = _check_body(body)
    _check_may_post(actor, target)
    if official and not actor.has_perm("forum.answer_officially"):
        raise PermissionDenied(_("Only city staff can give official answers."))
    actor = _lock_actor(actor)
    target = _lock_target(target)
    _check_may_post(actor, target)  # again, now that the rows are locked
    _check_rate(actor, body)
    parent, quote = _resolve_parent(parent, target)
    post = Post(
        author=actor,
        parent=parent,
        quote=quote,
        body=body,
        body_html=render_markdown(body),
        is_official=official,
        official_unit=actor.unit if official else "",
        assisted_by=helper,
    )
    setattr(post, target_kind(target), target)
    post.save()
    if helper is not None:
        audit_log(
            actor=helper,
            action=AuditLogEntry.Action.ASSISTED_CONTRIBUTION,
            target=actor,
            post_id=post.pk,
        )
    _count_visible(post, +1)
    if post.thread_id:
        Thread.objects.filter(pk=post.thread_id).update(last_post_at=post.created_at)
    event_emit(
        post.stream,
        "post.created",
        {"post_id": post.pk, "parent_id": post.parent_id},
    )
    notices.post_created_after_commit(post=post, target=target)
    return post


@transaction.atomic
def thread_create(
    *,
    actor: User,
    category: Category,
    title: str,
    body: str,
    links: dict[str, models.Model] | None = None,
) -> Thread:
    """Open a thread; its text is its first post. ``links`` may hold an idea,
    goal, challenge or project the thread is about."""
    if not actor.has_perm("forum.add_thread"):
        raise PermissionDenied(_("Confirm your e-mail address to take part."))
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the thread a title.")})
    if len(title) > 140:
        raise ValidationError({"title": _("A title can be at most 140 characters.")})
    _check_body(body)
    allowed = {"idea", "goal", "challenge", "project"}
    thread = Thread.objects.create(
        category=category,
        title=title,
        author=actor,
        **{k: v for k, v in (links or {}).items() if k in allowed and v is not None},
    )
    post_create(actor=actor, target=thread, body=body)
    from notifications.services import follow_add

    follow_add(actor=actor, target=thread, check=False)
    return thread


def _lock_post(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def post_edit(*, actor: User, post: Post, body: str) -> bool:
    """Change one's own post, keeping the old text; False if nothing changed."""
    body = _check_body(body)
    post = _lock_post(post)
    if not actor.has_perm("forum.change_post", post):
        raise PermissionDenied(_("You can only edit your own posts."))
    if body == post.body:
        return False
    PostRevision.objects.create(
        post=post, body=post.body, created_at=post.edited_at or post.created_at
    )
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    event_emit(post.stream, "post.edited", {"post_id": post.pk})
    return True


@transaction.atomic
def post_remove(*, actor: User, post: Post) -> bool:
    """The author takes their post down. Its place shows "removed by the
    author" and the replies stay. False if it was already removed."""
    post = _lock_post(post)
    if post.removed_at is not None:
        return False
    if not actor.has_perm("forum.delete_post", post):
        raise PermissionDenied(_("You can only remove your own posts."))
    post.removed_at = timezone.now()
    post.save(update_fields=["removed_at"])
    _count_visible(post, -1)
    event_emit(post.stream, "post.removed", {"post_id": post.pk})
    return True


@transaction.atomic
def reaction_toggle(*, actor: User, post: Post, kind: str) -> bool:
    """Like a post, or mark an answer helpful; again to take it back. Returns
    whether the reaction is now there."""
    post = _lock_post(post)
    if kind not in ReactionKind.values:
        raise ValidationError(_("Unknown reaction."))
    if not actor.has_perm("forum.react_post", post):
        raise PermissionDenied(_("You cannot react to this post."))
    if kind == ReactionKind.HELPFUL and not (post.is_official or post.parent_id):
        raise ValidationError(_("Only answers can be marked helpful."))
    field = f"{kind}_count"
    deleted, _rows = Reaction.objects.filter(post=post, user=actor, kind=kind).delete()
    if deleted:
        setattr(post, field, max(getattr(post, field) - 1, 0))
    else:
        # The post's row lock serialises reactions to it: no duplicate can race in.
        Reaction.objects.create(post=post, user=actor, kind=kind)
        setattr(post, field, getattr(post, field) + 1)
    post.save(update_fields=[field])
    event_emit(
        post.stream,
        "post.reactions",
        {
            "post_id": post.pk,
            "like_count": post.like_count,
            "helpful_count": post.helpful_count,
        },
    )
    return not deleted
