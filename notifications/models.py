"""Who follows what, and what they have been told.

A follow points at any followable object (an idea, a challenge page, a goal page,
later a thread) by content type and id. A notification keeps the facts it needs
to be shown in the reader's language later (``params``), and a link.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_once"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="follow_target")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class NotificationKind(models.TextChoices):
    STATUS_CHANGED = "idea.status_changed", _("Status changes")
    ANSWERED = "idea.answered", _("Official answers")
    PROMOTED = "idea.promoted", _("Ideas becoming projects")
    MERGED = "idea.merged", _("Ideas merged into another")
    IDEA_EDITED = "idea.edited", _("Ideas you support edited by their authors")
    PROJECT_NEWS = "project.news", _("News on projects you follow")
    IDEA_PUBLISHED = "idea.published", _("New ideas in what you follow")
    MENTIONED = "post.mentioned", _("Someone mentions you")
    NEW_POST = "post.created", _("New posts in what you follow")
    # About the person's own content and account, from the city's moderators.
    CONTENT_HIDDEN = "content.hidden", _("Your content hidden by a moderator")
    SUSPENDED = "account.suspended", _("Your account suspended")
    APPEAL_DECIDED = "appeal.decided", _("Answers to your appeals")
    ORGANISATION_DECIDED = (
        "organisation.decided",
        _("Your organisation verified or refused"),
    )
    ASSIGNED = "idea.assigned", _("Ideas assigned to you")
    REPORT_DUE = "project.report_due", _("Annual follow-up reports due")


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("Only here on the site")
    EMAIL = "email", _("Also by e-mail, right away")
    DIGEST = "digest", _("Also in one e-mail a day")


class DigestSent(models.Model):
    """One row per person and day a digest went out: never two in a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"digest {self.user_id} {self.day}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.CharField(max_length=300)
    # The address of the site the change was made on (common/site.py), for the
    # links in its e-mail; empty when made outside a request: SITE_URL.
    site = models.CharField(max_length=200, blank=True)
    # Facts for the message, e.g. {"title": ..., "status": "accepted"}.
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Sending e-mail is marked before (claimed: a worker is sending it) and after
    # (emailed: the mail server took it); see notifications/tasks.py.
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at"],
                name="notification_unread",
            ),
            models.Index(
                fields=["recipient", "-created_at"], name="notification_inbox"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"
