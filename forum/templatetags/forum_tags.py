from django import template
from django.db import models
from django.utils.translation import gettext as _

from accounts.models import User
from forum import selectors
from forum.for_everyone import posts_for_everyone
from forum.forms import PostForm
from forum.notices import post_url, target_title
from forum.targets import target_is_public, target_kind

register = template.Library()


def closed_reason(user: User, target: models.Model) -> str:
    """Why this reader cannot post here, or "" if they can."""
    if not user.is_authenticated:
        return ""  # the template offers sign-in instead
    if user.is_suspended:
        return _("Your account is suspended; you can read but not post.")
    if not user.has_perm("forum.add_post"):
        return _("Confirm your e-mail address to take part.")
    if not target_is_public(target):
        return _("This discussion is not open.")
    if target_kind(target) == "thread" and target.locked:
        return _("This thread is locked; no new posts.")
    return ""


def permissions_for(user: User, target: models.Model) -> dict:
    reason = closed_reason(user, target)
    return {
        "can_post": user.is_authenticated and not reason,
        "closed_reason": reason,
        "can_moderate": user.is_authenticated and user.has_perm("forum.moderate_post"),
        "may_answer": user.is_authenticated
        and user.has_perm("forum.answer_officially"),
        "viewer_id": user.pk if user.is_authenticated else None,
    }


@register.inclusion_tag("forum/includes/discussion.html", takes_context=True)
def discussion(context: template.Context, target: models.Model, heading: str = ""):
    request = context["request"]
    page = request.GET.get("posts") or "1"
    found = selectors.discussion_get(target=target, user=request.user, page=page)
    perms = permissions_for(request.user, target)
    return {
        "request": request,
        "user": request.user,
        "discussion": found,
        # Readers not signed in all see the same posts: rendered once for all.
        "posts_for_everyone": None
        if request.user.is_authenticated
        else posts_for_everyone(found.posts),
        "kind": target_kind(target),
        "heading": heading or _("Discussion"),
        "form": PostForm(may_answer=perms["may_answer"]),
        "csrf_token": context.get("csrf_token"),
        **perms,
    }


@register.inclusion_tag("forum/includes/merged.html", takes_context=True)
def merged_discussions(context: template.Context, idea: models.Model):
    """The comments of the ideas merged into ``idea``, to read (replies go to
    the original's discussion)."""
    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "merged": selectors.merged_discussions(idea),
        "reacted": set(),  # reactions are counted, the reader's not looked up
        "csrf_token": context.get("csrf_token"),
        "can_moderate": request.user.has_perm("forum.moderate_post"),
    }


@register.inclusion_tag("forum/includes/my_posts.html")
def my_posts(person: User, seen_at: object = None):
    """A person's own comments and posts, each linked where it stands."""
    total, posts = selectors.posts_by(person)
    items = []
    for post in posts:
        target = getattr(post, post.target_kind)
        items.append(
            {"post": post, "title": target_title(target), "url": post_url(post, target)}
        )
    return {"total": total, "items": items, "seen_at": seen_at}


@register.simple_tag
def has_reacted(reacted: set, post_id: int, kind: str) -> bool:
    return (post_id, kind) in reacted
