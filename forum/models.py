"""Discussion: categories, threads, posts (comments are posts on an idea, a
challenge or a project), revisions, reactions and reports. Live events are in
the live app's log."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ideas.models import FlagBase


class Category(models.Model):
    """A forum category, managed by editors in the Wagtail admin."""

    name_sv = models.CharField(_("name (Swedish)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description_sv = models.CharField(
        _("description (Swedish)"), max_length=300, blank=True
    )
    description_en = models.CharField(
        _("description (English)"), max_length=300, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["position", "name_sv"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return localized(self.name_sv, self.name_en)

    @property
    def description(self) -> str:
        return localized(self.description_sv, self.description_en)


def localized(swedish: str, english: str) -> str:
    # Swedish first: English is shown only where an editor wrote it.
    return english if get_language() == "en" and english else swedish


class Thread(models.Model):
    """A forum thread. Its opening text is its first post, so edits, reactions
    and reports work the same on it as on every reply."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=140)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="threads",
    )
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="threads",
    )
    goal = models.ForeignKey(
        "cms.GoalPage",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="threads",
    )
    challenge = models.ForeignKey(
        "cms.ChallengePage",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="threads",
    )
    project = models.ForeignKey(
        "ideas.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="threads",
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    post_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-pinned", "-last_post_at", "-pk"]
        indexes = [
            models.Index(
                fields=["category", "-pinned", "-last_post_at", "-id"],
                condition=models.Q(hidden_at__isnull=True),
                name="thread_listing",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", kwargs={"pk": self.pk})

    @property
    def stream(self) -> str:
        return f"thread.{self.pk}"


class Post(models.Model):
    """A post in a forum thread, or a comment on an idea, a challenge or a
    project: one model, one target. Replies nest one level; a reply to a reply
    is attached to the same parent and quotes the post it answers."""

    MAX_LENGTH = 10_000

    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="posts"
    )
    idea = models.ForeignKey(
        "ideas.Idea",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    challenge = models.ForeignKey(
        "cms.ChallengePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    project = models.ForeignKey(
        "ideas.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    quote = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("text"), max_length=MAX_LENGTH)
    body_html = models.TextField(editable=False)
    # City staff who wrote this for the person, with their consent; shown.
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_official = models.BooleanField(_("official answer"), default=False)
    # The author's unit when the answer was given ("Trafikkontoret").
    official_unit = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(thread__isnull=False)
                    & models.Q(idea__isnull=True, challenge__isnull=True)
                    & models.Q(project__isnull=True)
                )
                | (
                    models.Q(idea__isnull=False)
                    & models.Q(thread__isnull=True, challenge__isnull=True)
                    & models.Q(project__isnull=True)
                )
                | (
                    models.Q(challenge__isnull=False)
                    & models.Q(thread__isnull=True, idea__isnull=True)
                    & models.Q(project__isnull=True)
                )
                | (
                    models.Q(project__isnull=False)
                    & models.Q(thread__isnull=True, idea__isnull=True)
                    & models.Q(challenge__isnull=True)
                ),
                name="post_has_one_target",
            )
        ]
        indexes = [
            models.Index(
                fields=["thread", "created_at", "id"],
                condition=models.Q(parent__isnull=True, thread__isnull=False),
                name="post_thread_top",
            ),
            models.Index(
                fields=["idea", "created_at", "id"],
                condition=models.Q(parent__isnull=True, idea__isnull=False),
                name="post_idea_top",
            ),
            models.Index(
                fields=["challenge", "created_at", "id"],
                condition=models.Q(parent__isnull=True, challenge__isnull=False),
                name="post_challenge_top",
            ),
            models.Index(
                fields=["project", "created_at", "id"],
                condition=models.Q(parent__isnull=True, project__isnull=False),
                name="post_project_top",
            ),
            models.Index(fields=["author", "-created_at"], name="post_author_recent"),
        ]

    def __str__(self) -> str:
        return f"post {self.pk}"

    @property
    def target_kind(self) -> str:
        for kind in ("thread", "idea", "challenge", "project"):
            if getattr(self, f"{kind}_id") is not None:
                return kind
        raise ValueError("a post without a target")

    @property
    def target_id(self) -> int:
        return getattr(self, f"{self.target_kind}_id")

    @property
    def stream(self) -> str:
        return f"{self.target_kind}.{self.target_id}"

    @property
    def is_visible(self) -> bool:
        return self.hidden_at is None and self.removed_at is None


class PostRevision(models.Model):
    """The text a post had before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField()  # when this text was written

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"revision of post {self.post_id}"


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    HELPFUL = "helpful", _("Helpful")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="react_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id}"


class PostFlag(FlagBase):
    """A reader's report of a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")

    class Meta(FlagBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_post_flag_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} → post {self.post_id}"


class Appeal(models.Model):
    """A person asks a moderator to look again at their hidden idea or post, or
    at their suspension (neither ``idea`` nor ``post``). It waits in the back
    office's moderation queue until a moderator restores or keeps the decision,
    with an answer the person is told (forum/appeals.py)."""

    class Outcome(models.TextChoices):
        RESTORED = "restored", _("Restored")
        UPHELD = "upheld", _("Decision kept")

    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    idea = models.ForeignKey(
        "ideas.Idea", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    decision = models.TextField(_("the decision appealed"), blank=True)
    text = models.TextField(_("appeal"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="appeal_open",
                condition=models.Q(decided_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} by {self.appellant_id}"

    @property
    def about(self) -> str:
        return "idea" if self.idea_id else "post" if self.post_id else "suspension"
