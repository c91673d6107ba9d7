from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_org_number
from common.reports import FlagReason


class UserManager(BaseUserManager["User"]):
    """Users sign in with their e-mail address; there are no usernames."""

    use_in_migrations = True

    def _create_user(
        self, email: str, password: str | None, **fields: object
    ) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(
        self, email: str, password: str | None = None, **fields: object
    ) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(
        self, email: str, password: str | None = None, **fields: object
    ) -> "User":
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create_user(email, password, **fields)


class Role(models.TextChoices):
    """Shown next to a person's name everywhere they take part."""

    RESIDENT = "resident", _("Resident")
    COMPANY = "company", _("Company")
    ACADEMIA = "academia", _("Academia")
    # Members of a verified association (NGO) or public body speak for it:
    # they are not counted as residents (the strategy names them apart).
    ASSOCIATION = "association", _("Association")
    PUBLIC_BODY = "public_body", _("Public body")
    CITY_STAFF = "city_staff", _("City staff")


class User(AbstractUser):
    """A person on Idéstad, known publicly by a chosen display name."""

    username = None
    # Empty (NULL) only for a person registered with assistance who has no
    # address yet; they add one when they take the account over.
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("Shown publicly next to everything you write."),
    )

    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        default=Role.RESIDENT,
        help_text=_("Set from group and organisation membership, not by the person."),
    )
    district = models.ForeignKey(
        "cms.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty for the whole city."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    avatar = models.ImageField(
        _("avatar"), upload_to="avatars/", blank=True, max_length=200
    )
    unit = models.CharField(
        _("unit"),
        max_length=120,
        blank=True,
        help_text=_(
            "For city staff: the administration or company, e.g. Trafikkontoret. "
            "Shown with their official answers."
        ),
    )
    notification_preferences = models.JSONField(
        _("notification preferences"), default=dict, blank=True
    )
    # Set by a moderator: until then the person may read but not post, support
    # or report.
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    # When the person last opened "My participation": what changed after it is
    # marked new there.
    participation_seen_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name"]

    # Django answers "yes" to every permission of an active superuser before
    # it asks any backend; staff power without the second factor is refused
    # first (accounts.second_factor), for superusers too.
    def has_perm(self, perm, obj=None):
        from accounts.second_factor import lacks_second_factor

        return not lacks_second_factor(self) and super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        from accounts.second_factor import lacks_second_factor

        return not lacks_second_factor(self) and super().has_module_perms(app_label)

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name

    @property
    def is_suspended(self) -> bool:
        return (
            self.suspended_until is not None and self.suspended_until > timezone.now()
        )


class AuditLogEntry(models.Model):
    """Who did what to which account, and when: privacy and role changes.

    ``details`` holds codes and ids only, never personal data, so the log can be
    kept after the people in it have gone.
    """

    class Action(models.TextChoices):
        ROLE_CHANGED = "role.changed", _("Role changed")
        ORGANISATION_VERIFIED = "organisation.verified", _("Organisation verified")
        ORGANISATION_REFUSED = "organisation.refused", _("Organisation refused")
        ORGANISATION_WITHDRAWN = "organisation.withdrawn", _("Verification withdrawn")
        ORGANISATION_FLAGS_DISMISSED = (
            "organisation.flags_dismissed",
            _("Organisation reports dismissed"),
        )
        IDEA_ASSIGNED = "idea.assigned", _("Idea assigned")
        MEMBER_JOINED = "membership.created", _("Joined an organisation")
        PROFILE_UPDATED = "profile.updated", _("Profile updated")
        DATA_EXPORTED = "data.exported", _("Data exported")
        ACCOUNT_DELETED = "account.deleted", _("Account deleted")
        ASSISTED_REGISTERED = "assisted.registered", _("Registered with assistance")
        ASSISTED_CODE_ISSUED = "assisted.code_issued", _("Take-over code issued")
        ASSISTED_TAKEN_OVER = "assisted.taken_over", _("Account taken over")
        ASSISTED_CONTRIBUTION = "assisted.contribution", _("Assisted contribution")
        IDEA_STATUS_CHANGED = "idea.status_changed", _("Idea status changed")
        IDEA_PROMOTED = "idea.promoted", _("Idea made a project")
        PROJECT_CREATED = "project.created", _("Project created")
        IDEA_HIDDEN = "idea.hidden", _("Idea hidden")
        IDEA_RESTORED = "idea.restored", _("Idea restored")
        IDEA_FLAGS_DISMISSED = "idea.flags_dismissed", _("Reports dismissed")
        POST_HIDDEN = "post.hidden", _("Post hidden")
        POST_RESTORED = "post.restored", _("Post restored")
        POST_FLAGS_DISMISSED = "post.flags_dismissed", _("Post reports dismissed")
        THREAD_LOCKED = "thread.locked", _("Thread locked")
        THREAD_UNLOCKED = "thread.unlocked", _("Thread unlocked")
        USER_SUSPENDED = "user.suspended", _("Person suspended")
        USER_UNSUSPENDED = "user.unsuspended", _("Suspension lifted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=40, choices=Action.choices)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class Organisation(models.Model):
    """A company, university, public body or association people act on behalf of."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        ACADEMIA = "academia", _("Academia")
        PUBLIC_BODY = "public_body", _("Public body")
        ASSOCIATION = "association", _("Association")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_org_number],
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True, max_length=200)
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Set by moderators only.")
    )
    # A moderator's refusal, with the reason the applicant was told. It takes
    # the organisation out of the queue; verifying it later clears it.
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=500, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organisations",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(org_number="") | ~models.Q(website=""),
                name="organisation_has_number_or_website",
            ),
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~models.Q(org_number=""),
                name="organisation_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationFlag(models.Model):
    """A reader's report of an organisation (a false name, someone else's
    website), open until a moderator acts on it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="flags"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    text = models.CharField(_("more about it"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_organisation_flag_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} → organisation {self.organisation_id}"


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Role.choices, default=Role.MEMBER
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class Invitation(models.Model):
    """An organisation admin's invitation, accepted by the invitee once signed in."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.email}"


class AssistedRegistration(models.Model):
    """A person registered by city staff at a library or service centre.

    Records the consent (who registered them, where, when) and holds the
    one-time take-over code as a keyed hash, never the code itself.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assisted_registration",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = models.CharField(
        _("place"),
        max_length=120,
        help_text=_("The library or service centre, e.g. Kista bibliotek."),
    )
    consent_at = models.DateTimeField(_("consent given"))
    consent_text = models.TextField(_("consent text shown"))
    code_digest = models.CharField(max_length=64, blank=True, db_index=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    taken_over_at = models.DateTimeField(_("taken over"), null=True, blank=True)

    class Meta:
        verbose_name = _("assisted registration")
        verbose_name_plural = _("assisted registrations")
        ordering = ["-consent_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.place})"


def district_model() -> type[models.Model]:
    """The district areas' model (cms.District, a snippet editors maintain),
    reached through the field that points at it: accounts, at the base of the
    platform, imports nothing from the apps above it."""
    return User._meta.get_field("district").related_model
