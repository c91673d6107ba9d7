"""Ideas, their supports and their official status history.

Ideas link to the strategy's goal pages and challenges in the default language
(Swedish); pages in other languages find them through ``translation_key``.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower, Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from accounts.models import Role
from common.reports import FlagReason


class IdeaKind(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot proposal")
    RESEARCH = "research", _("Research collaboration")


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    NOT_SELECTED = "not_selected", _("Not selected")
    DUPLICATE = "duplicate", _("Duplicate")
    PROJECT = "project", _("Project")
    IMPLEMENTED = "implemented", _("Implemented")
    # By its author, with a reason; the idea stays, with its history.
    WITHDRAWN = "withdrawn", _("Withdrawn")


VISIBLE = models.Q(published_at__isnull=False, hidden_at__isnull=True)
# Visible, undecided and never answered: the city owes an answer.
WAITING = VISIBLE & models.Q(
    first_answered_at__isnull=True, status__in=["submitted", "under_review"]
)


class IdeaQuerySet(models.QuerySet["Idea"]):
    def published(self) -> "IdeaQuerySet":
        return self.filter(published_at__isnull=False)

    def visible(self) -> "IdeaQuerySet":
        """Published and not hidden by a moderator."""
        return self.published().filter(hidden_at__isnull=True)

    def update(self, **kwargs: object) -> int:
        # Any change (a count, a status) is a change that readers syncing
        # through the API's updated_since want to hear about.
        kwargs.setdefault("updated_at", Now())
        return super().update(**kwargs)


class Idea(models.Model):
    title = models.CharField(_("title"), max_length=140)
    slug = models.SlugField(_("slug"), max_length=160, allow_unicode=False)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("description"), max_length=20_000)
    # The sanitised HTML of ``body``, rendered once when it is written.
    body_html = models.TextField(editable=False)
    kind = models.CharField(
        _("kind"), max_length=20, choices=IdeaKind.choices, default=IdeaKind.IDEA
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        help_text=_("Empty once the author has deleted their account."),
    )
    author_role = models.CharField(
        _("author's role"), max_length=20, choices=Role.choices, default=Role.RESIDENT
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written with assistance from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    goals = models.ManyToManyField(
        "cms.GoalPage", related_name="ideas", verbose_name=_("goals")
    )
    district = models.ForeignKey(
        "cms.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        help_text=_("Empty means the whole city."),
    )
    challenge = models.ForeignKey(
        "cms.ChallengePage",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    tags = TaggableManager(_("tags"), blank=True)

    # Pilot proposals say what would be tested, where, how long, what is needed.
    pilot_what = models.TextField(_("what would be tested"), blank=True)
    pilot_where = models.CharField(_("where"), max_length=200, blank=True)
    pilot_duration = models.CharField(_("for how long"), max_length=100, blank=True)
    pilot_needs = models.TextField(
        _("what the company needs from the city"), blank=True
    )
    pilot_effect = models.TextField(_("expected effect on the goals"), blank=True)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IdeaStatus.choices,
        default=IdeaStatus.SUBMITTED,
        db_index=True,
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )

    official_answer = models.TextField(_("official answer"), blank=True)
    official_answer_html = models.TextField(blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by_unit = models.CharField(max_length=120, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The city's promise is measured from publication to the first official
    # answer; a later answer replaces the text, never this.
    first_answered_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Who in the city is to answer: a person, a unit ("enhet"), or both.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_ideas",
    )
    assigned_unit = models.CharField(_("assigned unit"), max_length=120, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Any change at all, counts included (IdeaQuerySet.update, save); for the
    # API's updated_since and Last-Modified. edited_at is the author's edits.
    # Nullable only so SQLite can add the column in place (a table rebuild
    # would break the back office's triggers on it); always set.
    updated_at = models.DateTimeField(
        _("updated"), auto_now=True, null=True, db_index=True
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    # Kept in step by the services, under a row lock, so lists sort by them.
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    # {"resident": 12, "company": 3, ...}: the supporters' roles, for the detail.
    support_role_counts = models.JSONField(default=dict, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # Exponentially decayed activity; see docs/ranking.md.
    heat = models.FloatField(default=0.0)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-published_at", "-pk"]
        # Lists show only visible ideas: partial indexes hold just those rows,
        # one per sort order, and make counting them an index-only scan.
        indexes = [
            models.Index(
                fields=["-published_at", "-id"], name="idea_newest", condition=VISIBLE
            ),
            models.Index(
                fields=["-support_count", "-id"],
                name="idea_most_supported",
                condition=VISIBLE,
            ),
            models.Index(
                fields=["-comment_count", "-id"],
                name="idea_most_discussed",
                condition=VISIBLE,
            ),
            models.Index(
                fields=["-heat", "-id"], name="idea_trending", condition=VISIBLE
            ),
            models.Index(fields=["district"], name="idea_visible", condition=VISIBLE),
            # The decisions feed: the newest official answers (a few of 100k).
            models.Index(
                fields=["-answered_at", "-id"],
                name="idea_newest_answers",
                condition=VISIBLE & models.Q(answered_at__isnull=False),
            ),
            # The back office (backoffice/selectors.py). Waiting ideas, oldest
            # first, and per assigned unit:
            models.Index(
                fields=["published_at", "id"], name="idea_waiting", condition=WAITING
            ),
            models.Index(
                fields=["assigned_unit", "published_at"],
                name="idea_waiting_unit",
                condition=WAITING,
            ),
            # the triage's counts of recent ideas by age (the rest come from
            # backoffice's tally), read from the index alone:
            models.Index(
                fields=[
                    "published_at",
                    "status",
                    "kind",
                    "author_role",
                    "first_answered_at",
                    "district",
                    "challenge",
                    "organisation",
                ],
                name="idea_triage_recent",
                condition=VISIBLE,
            ),  # fmt: skip
            # the answers of the last 90 days, for answer times;
            models.Index(
                fields=["first_answered_at"],
                name="idea_first_answer",
                condition=models.Q(first_answered_at__isnull=False),
            ),
            # and the units named in assignments, for the filter.
            models.Index(
                fields=["assigned_unit"],
                name="idea_assigned_unit",
                condition=~models.Q(assigned_unit=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(support_count__gte=0),
                name="idea_support_count_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        fields = kwargs.get("update_fields")
        if fields and "updated_at" not in fields:  # empty: Django saves nothing
            kwargs["update_fields"] = [*fields, "updated_at"]  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class IdeaRevision(models.Model):
    """The text of an idea as it was before an edit, so readers can see history."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=140)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    # What the edit that ended this version changed, as safe HTML (ideas/diff.py),
    # worked out once when it was made.
    title_diff = models.TextField(blank=True, editable=False)
    summary_diff = models.TextField(blank=True, editable=False)
    body_diff = models.TextField(blank=True, editable=False)
    # Who made the edit that ended this version: the author or a co-author.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-valid_until", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} (until {self.valid_until:%Y-%m-%d %H:%M})"


class CoAuthor(models.Model):
    """A person invited by e-mail to write an idea with its author. ``user`` is
    set when the invitation is accepted; ``ended_at`` when the author removes
    the person or the invitation, or the person leaves."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="co_authors")
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="co_authorships",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "idea",
                Lower("email"),
                condition=models.Q(ended_at__isnull=True),
                name="co_author_invited_once",
            ),
            models.UniqueConstraint(
                fields=["idea", "user"],
                condition=models.Q(ended_at__isnull=True, user__isnull=False),
                name="co_author_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} on idea {self.idea_id}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class Support(models.Model):
    """One person's support for an idea. ``role`` is their role when they
    supported, for the per-role counts. ``user`` becomes empty when a person who
    chose to keep their contributions deletes their account."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="supports",
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    # City staff who gave this support for the person, with their consent.
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"], name="support_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["user", "idea"], name="support_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class StatusChange(models.Model):
    """One step of an idea's public timeline: who (role and unit), when, why."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="status_changes"
    )
    old_status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    new_status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    reason = models.TextField(_("public reason"), max_length=2000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_role = models.CharField(max_length=20, choices=Role.choices)
    actor_unit = models.CharField(max_length=120, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        # The decisions feed reads the newest changes of all ideas.
        indexes = [models.Index(fields=["-at", "-id"], name="status_change_newest")]

    def __str__(self) -> str:
        return f"{self.old_status} → {self.new_status}"


class IdeaImage(models.Model):
    """A picture on an idea: re-encoded by us, with the alt text its author wrote."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("picture"), upload_to="ideas/", max_length=200)
    alt_text = models.CharField(_("description of the picture"), max_length=250)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self) -> str:
        return self.alt_text


class IdeaAttachment(models.Model):
    """A PDF on an idea, checked by its content."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="ideas/files/", max_length=200)
    title = models.CharField(_("title"), max_length=140)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Project(models.Model):
    """What one accepted idea, or several merged ones, became: owned by a
    committee, district committee or company board, and followed up yearly."""

    class Kind(models.TextChoices):
        OPERATIONAL = "operational", _("Operational project")
        PREREQUISITE = "prerequisite", _("Prerequisite project")

    class OwnerKind(models.TextChoices):
        COMMITTEE = "committee", _("Specialist committee")
        DISTRICT_COMMITTEE = "district_committee", _("District committee")
        COMPANY_BOARD = "company_board", _("Company board")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    title = models.CharField(_("title"), max_length=140)
    slug = models.SlugField(_("slug"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), max_length=20_000, blank=True)
    description_html = models.TextField(blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    owner_kind = models.CharField(
        _("kind of owner"), max_length=30, choices=OwnerKind.choices
    )
    owner_name = models.CharField(
        _("owner"), max_length=140, help_text=_("E.g. Trafiknämnden or AB Stokab.")
    )
    contact = models.CharField(_("contact"), max_length=200)
    budget = models.DecimalField(
        _("budget (SEK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    origin_ideas = models.ManyToManyField(
        Idea, related_name="projects", verbose_name=_("origin ideas")
    )
    goals = models.ManyToManyField(
        "cms.GoalPage", related_name="projects", verbose_name=_("goals")
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="owned_projects",
        blank=True,
        verbose_name=_("owner staff"),
        help_text=_("City staff who may edit the project and report on it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="project_progress_lte_100"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:project", kwargs={"pk": self.pk, "slug": self.slug})


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=140)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    # Staff may order milestones by hand; new ones go last (ideas.projects).
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=140)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.INCREASE,
    )
    goal = models.ForeignKey(
        "cms.GoalPage",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class FollowUpReport(models.Model):
    """The owner's annual follow-up of a project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    narrative = models.TextField(_("follow-up"), max_length=20_000)
    narrative_html = models.TextField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"], name="one_report_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values"
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the value comes from, e.g. ILS or a survey."),
    )
    report = models.ForeignKey(
        FollowUpReport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicator_values",
    )

    class Meta:
        ordering = ["measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="one_value_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


__all__ = ["FlagReason"]  # defined in common.reports, shared with the other apps


class FlagBase(models.Model):
    """A reader's report, open until a moderator acts on it. Ideas and posts
    are reported the same way (forum.PostFlag)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    text = models.CharField(_("more about it"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class Flag(FlagBase):
    """A reader's report of an idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="flags")

    class Meta(FlagBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_flag_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} → {self.idea_id}"
