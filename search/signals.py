"""Search listens to the content apps; they never call search themselves.

Every handler only marks items stale (``index_later``); the work happens after
the transaction commits, once per item however many times it changed. One
exception: a support made in one statement carries the copy of its idea's
count in that statement (``indexing.support_count_copy``), or for a popular
idea has the worker copy it after a short window (``counts``); its signal
says which.
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from accounts.models import Organisation
from forum.models import Post, Thread
from forum.signals import posts_changed
from ideas.models import Idea, Project, Support
from search.indexing import (
    counters_later,
    index_in_worker,
    index_later,
    support_count_later,
)
from search.models import EntryType


@receiver(post_save, sender=Idea)
@receiver(post_delete, sender=Idea)
def idea_changed(sender: type, instance: Idea, **kwargs: object) -> None:
    index_later(EntryType.IDEA, [instance.pk])


@receiver(m2m_changed, sender=Idea.goals.through)
def idea_goals_changed(
    sender: type, instance: Idea, reverse: bool, **kwargs: object
) -> None:
    if kwargs["action"] in {"post_add", "post_remove", "post_clear"} and not reverse:
        index_later(EntryType.IDEA, [instance.pk])


@receiver(post_save, sender=Support)
@receiver(post_delete, sender=Support)
def support_changed(sender: type, instance: Support, **kwargs: Any) -> None:
    support_count_later(instance.idea_id, kwargs.get("copied"))


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
def post_changed(sender: type, instance: Post, **kwargs: object) -> None:
    # A new post only adds to search: the worker indexes it (indexing.py).
    mark = index_in_worker if kwargs.get("created") else index_later
    mark(EntryType.POST, [instance.pk])
    # The idea's comment count moves with its posts.
    counters_later(EntryType.IDEA, [instance.idea_id])


@receiver(posts_changed)
def posts_bulk_changed(sender: type, ids: list[int], **kwargs: object) -> None:
    index_later(EntryType.POST, ids)


@receiver(post_save, sender=Thread)
def thread_changed(sender: type, instance: Thread, **kwargs: object) -> None:
    """A thread's title and visibility are its posts' too."""
    if kwargs.get("created"):
        return
    index_later(EntryType.POST, instance.posts.values_list("pk", flat=True))


@receiver(post_save, sender=Project)
@receiver(post_delete, sender=Project)
def project_changed(sender: type, instance: Project, **kwargs: object) -> None:
    index_later(EntryType.PROJECT, [instance.pk])


@receiver(m2m_changed, sender=Project.goals.through)
def project_goals_changed(
    sender: type, instance: Project, reverse: bool, **kwargs: object
) -> None:
    if kwargs["action"] in {"post_add", "post_remove", "post_clear"} and not reverse:
        index_later(EntryType.PROJECT, [instance.pk])


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def organisation_changed(
    sender: type, instance: Organisation, **kwargs: object
) -> None:
    index_later(EntryType.ORGANISATION, [instance.pk])


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender: type, instance: Page, **kwargs: object) -> None:
    index_later(EntryType.PAGE, [instance.pk])


@receiver(post_delete)
def page_deleted(sender: type, instance: object, **kwargs: object) -> None:
    if isinstance(instance, Page):
        index_later(EntryType.PAGE, [instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_privacy_changed(
    sender: type, instance: PageViewRestriction, **kwargs: object
) -> None:
    """A restriction covers the page and everything below it."""
    page = instance.page
    index_later(
        EntryType.PAGE,
        Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True),
    )
