"""Reports on posts and moderators' decisions: hide, restore, lock, pin and
suspend. Every decision is in the audit log. A hidden post's text is never sent
to anyone but moderators: its live event carries only its id."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import AuditLogEntry, User
from accounts.services import audit_log
from forum.models import Post, PostFlag, Thread
from forum.notices import target_title
from forum.services import _count_visible
from ideas.models import FlagReason
from ideas.moderation import refuse_too_many_reports
from live.events import event_emit
from notifications.models import NotificationKind
from notifications.services import notify_people_after_commit

MAX_SUSPENSION_DAYS = 365


def _check_moderator(actor: User) -> None:
    if not actor.has_perm("forum.moderate_post"):
        raise PermissionDenied(_("Only moderators can do this."))


def _hide(post: Post, reason: str) -> None:
    post.hidden_at = timezone.now()
    post.hidden_reason = reason
    post.save(update_fields=["hidden_at", "hidden_reason"])
    if post.removed_at is None:
        _count_visible(post, -1)
    event_emit(post.stream, "post.hidden", {"post_id": post.pk})


@transaction.atomic
def post_flag(*, actor: User, post: Post, reason: str, text: str = "") -> bool:
    """Report a post; False if the person already has an open report on it.
    Reports from ``FORUM_FLAG_HIDE_THRESHOLD`` people hide it pending review."""
    refuse_too_many_reports(actor, PostFlag.objects.filter(user=actor))
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not actor.has_perm("forum.flag_post", post):
        raise PermissionDenied(_("You cannot report this post."))
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if reason == FlagReason.OTHER and not text.strip():
        raise ValidationError({"text": _("Tell the moderators what is wrong.")})
    try:
        with transaction.atomic():
            PostFlag.objects.create(
                post=post, user=actor, reason=reason, text=text.strip()[:500]
            )
    except IntegrityError:
        return False
    open_flags = post.flags.filter(resolved_at__isnull=True)
    reporters = open_flags.values("user").distinct().count()
    if reporters >= settings.FORUM_FLAG_HIDE_THRESHOLD:
        _hide(post, "")  # shown as "hidden pending review"
    event_emit(
        "moderation",
        "post.flagged",
        {
            "post_id": post.pk,
            "open_flags": reporters,
            "hidden": post.hidden_at is not None,
        },
    )
    return True


def _resolve_flags(post: Post) -> int:
    return post.flags.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


@transaction.atomic
def post_hide(*, actor: User, post: Post, reason: str) -> bool:
    _check_moderator(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a public reason.")})
    post = Post.objects.select_for_update().get(pk=post.pk)
    was_hidden = post.hidden_at is not None
    if was_hidden:
        post.hidden_reason = reason
        post.save(update_fields=["hidden_reason"])
    else:
        _hide(post, reason)
    _resolve_flags(post)
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.POST_HIDDEN,
        target=None,
        post_id=post.pk,
        reason=reason,
    )
    target = getattr(post, post.target_kind)  # a thread, idea, challenge or project
    notify_people_after_commit(
        kind=NotificationKind.CONTENT_HIDDEN,
        recipient_ids={post.author_id},
        actor=actor,
        url=reverse("forum:appeal", args=["post", post.pk]),  # the reason, and appeal
        params={"title": target_title(target), "reason": reason, "post_id": post.pk},
    )
    return not was_hidden


@transaction.atomic
def post_restore(*, actor: User, post: Post, reason: str = "") -> bool:
    _check_moderator(actor)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.hidden_at is None:
        return False
    post.hidden_at = None
    post.hidden_reason = ""
    post.save(update_fields=["hidden_at", "hidden_reason"])
    if post.removed_at is None:
        _count_visible(post, +1)
    _resolve_flags(post)
    event_emit(post.stream, "post.restored", {"post_id": post.pk})
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.POST_RESTORED,
        target=None,
        post_id=post.pk,
        reason=reason.strip(),
    )
    return True


@transaction.atomic
def post_flags_dismiss(*, actor: User, post: Post, reason: str = "") -> int:
    _check_moderator(actor)
    post = Post.objects.select_for_update().get(pk=post.pk)
    dismissed = _resolve_flags(post)
    if dismissed:
        audit_log(
            actor=actor,
            action=AuditLogEntry.Action.POST_FLAGS_DISMISSED,
            target=None,
            post_id=post.pk,
            count=dismissed,
            reason=reason.strip(),
        )
    return dismissed


@transaction.atomic
def thread_lock(*, actor: User, thread: Thread, locked: bool, reason: str = "") -> bool:
    """Lock (or unlock) a thread; False if it already was."""
    _check_moderator(actor)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.locked == locked:
        return False
    thread.locked = locked
    thread.save(update_fields=["locked"])
    event_emit(thread.stream, "thread.locked", {"locked": locked})
    audit_log(
        actor=actor,
        action=(
            AuditLogEntry.Action.THREAD_LOCKED
            if locked
            else AuditLogEntry.Action.THREAD_UNLOCKED
        ),
        target=None,
        thread_id=thread.pk,
        reason=reason.strip(),
    )
    return True


@transaction.atomic
def thread_pin(*, actor: User, thread: Thread, pinned: bool) -> bool:
    _check_moderator(actor)
    changed = (
        Thread.objects.filter(pk=thread.pk).exclude(pinned=pinned).update(pinned=pinned)
    )
    return bool(changed)


@transaction.atomic
def user_suspend(*, actor: User, user: User, days: int, reason: str) -> User:
    """Suspend ``user`` for ``days``: they can read, but not post, support or
    report until then. Suspending again replaces the end date."""
    if not actor.has_perm("forum.suspend_user"):
        raise PermissionDenied(_("Only moderators can suspend people."))
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot suspend yourself."))
    if not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise ValidationError(
            {"days": _("Suspend for 1 to %(max)s days.") % {"max": MAX_SUSPENSION_DAYS}}
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    user.suspended_until = timezone.now() + timedelta(days=days)
    user.save(update_fields=["suspended_until"])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.USER_SUSPENDED,
        target=user,
        days=days,
        reason=reason,
    )
    notify_people_after_commit(
        kind=NotificationKind.SUSPENDED,
        recipient_ids={user.pk},
        actor=actor,
        url=reverse("forum:appeal_suspension"),
        params={
            "reason": reason,
            "until": formats.date_format(
                timezone.localtime(user.suspended_until), "DATE_FORMAT"
            ),
        },
    )
    return user


@transaction.atomic
def user_unsuspend(*, actor: User, user: User, reason: str = "") -> bool:
    if not actor.has_perm("forum.suspend_user"):
        raise PermissionDenied(_("Only moderators can lift a suspension."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_suspended:
        return False
    user.suspended_until = None
    user.save(update_fields=["suspended_until"])
    audit_log(
        actor=actor,
        action=AuditLogEntry.Action.USER_UNSUSPENDED,
        target=user,
        reason=reason.strip(),
    )
    return True
