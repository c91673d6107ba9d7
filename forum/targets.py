"""What a post can be written on: a forum thread, an idea, a challenge or a
project. Each is a discussion with its own stream (``idea.42``)."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from accounts.models import User
from common.parsing import parse_id

TARGET_KINDS = ("thread", "idea", "challenge", "project")


def target_model(kind: str) -> type[models.Model]:
    from cms.models import ChallengePage
    from forum.models import Thread
    from ideas.models import Idea, Project

    return {
        "thread": Thread,
        "idea": Idea,
        "challenge": ChallengePage,
        "project": Project,
    }[kind]


def target_kind(target: models.Model) -> str:
    for kind in TARGET_KINDS:
        if isinstance(target, target_model(kind)):
            return kind
    raise TypeError(f"posts cannot be written on {type(target).__name__}")


def target_get(kind: str, pk: int) -> models.Model | None:
    if kind not in TARGET_KINDS:
        return None
    queryset = target_model(kind)._default_manager.all()
    if kind == "challenge":
        queryset = queryset.live().specific()
    try:
        return queryset.get(pk=pk)
    except ObjectDoesNotExist:
        return None


def target_is_public(target: models.Model) -> bool:
    """Visible to everyone: not hidden, published, live."""
    kind = target_kind(target)
    if kind == "challenge":
        return bool(target.live)
    if kind == "idea":
        return target.published_at is not None and target.hidden_at is None
    if kind == "thread":
        return target.hidden_at is None
    return True


def target_visible_to(user: User, target: models.Model) -> bool:
    if target_is_public(target):
        return True
    return user.is_authenticated and user.has_perm("forum.moderate_post")


def stream_of(target: models.Model) -> str:
    return f"{target_kind(target)}.{target.pk}"


ABOUT_KINDS = ("idea", "goal", "challenge", "project")


def about_get(value: str) -> tuple[str, models.Model] | None:
    """What a thread is about, from "idea.42": a public idea, a live goal or
    challenge page, or a project; None for anything else."""
    kind, _sep, text = (value or "").partition(".")
    pk = parse_id(text)
    if kind not in ABOUT_KINDS or pk is None:
        return None
    if kind == "goal":
        from cms.models import GoalPage

        found = GoalPage.objects.live().filter(pk=pk).first()
    else:
        found = target_get(kind, pk)
    if found is None or (kind != "goal" and not target_is_public(found)):
        return None
    return kind, found
