"""The strategy as Wagtail pages: goals, principles, challenges, news and plain pages.

Ideas, posts and projects are plain Django models elsewhere that link to these pages.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, Site
from wagtail.snippets.models import register_snippet
from wagtail.url_routing import RouteResult

from cms.blocks import BodyBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class GoalKind(models.TextChoices):
    MAIN = "main", _("Main goal")
    DIMENSION = "dimension", _("Sustainability dimension")


class GoalColour(models.TextChoices):
    """Colours that keep white text above 4.5:1 contrast (WCAG 2.1 AA)."""

    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    TEAL = "teal", _("Teal")
    PURPLE = "purple", _("Purple")
    RED = "red", _("Red")
    BROWN = "brown", _("Brown")


class GoalIcon(models.TextChoices):
    HEART = "heart", _("Heart (quality of life)")
    BRIEFCASE = "briefcase", _("Briefcase (business)")
    LEAF = "leaf", _("Leaf (ecology)")
    COINS = "coins", _("Coins (economy)")
    PEOPLE = "people", _("People (society)")
    BALLOT = "ballot", _("Ballot (democracy)")


class PrincipleKind(models.TextChoices):
    IMPLEMENTATION = "implementation", _("Principle for implementation")
    ENABLER = "enabler", _("Enabler")
    ENABLING = "enabling", _("Enabling principle")


def paginate(request: HttpRequest, items: object, per_page: int) -> PaginatorPage:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


class HomePage(Page):
    intro = models.TextField(_("introduction"), max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StrategyPage",
        "cms.PrincipleIndexPage",
        "cms.ChallengeIndexPage",
        "cms.NewsIndexPage",
        "cms.StandardPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """The page at the path in one query, by its ``url_path`` among this
        home's descendants that deep, where Wagtail asks for each level's child
        and then its specific page: about four queries a page. A path that
        matches no page, or a page that routes its own sub-paths, is walked as
        Wagtail does (which answers 404 where there is no such page)."""
        if not path_components:
            return super().route(request, path_components)
        found = (
            Page.objects.filter(
                path__startswith=self.path,
                depth=self.depth + len(path_components),
                url_path=self.url_path + "".join(f"{c}/" for c in path_components),
            )
            .specific()
            .first()
        )
        if found is None or type(found).route is not Page.route:
            return super().route(request, path_components)
        if not found.live:
            raise Http404
        return RouteResult(found)


class StrategyPage(Page):
    """The goal picture (målbild): two main goals reached through four dimensions."""

    intro = models.TextField(_("introduction"), max_length=800)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GoalPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("strategy page")

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict:
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        goals = list(selectors.goal_list(locale=self.locale))
        context["main_goals"] = [g for g in goals if g.kind == GoalKind.MAIN]
        context["dimensions"] = [g for g in goals if g.kind == GoalKind.DIMENSION]
        return context


class GoalPage(Page):
    kind = models.CharField(_("kind"), max_length=20, choices=GoalKind.choices)
    short_description = models.CharField(_("short description"), max_length=240)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)
    colour = models.CharField(
        _("colour"), max_length=20, choices=GoalColour.choices, default=GoalColour.BLUE
    )
    icon = models.CharField(
        _("icon"), max_length=20, choices=GoalIcon.choices, default=GoalIcon.HEART
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("short_description"),
        MultiFieldPanel([FieldPanel("colour"), FieldPanel("icon")], _("Appearance")),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.StrategyPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    # Ideas and projects are sections that ideas/ registers (cms.sections); the
    # linked challenges a block of CMS content (cms/cached_blocks.py).


class PrincipleIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=800)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PrinciplePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("principles index")

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict:
        context = super().get_context(request, *args, **kwargs)
        principles = list(
            PrinciplePage.objects.child_of(self).live().public().order_by("path")
        )
        context["principle_groups"] = [
            (label, [p for p in principles if p.kind == kind])
            for kind, label in PrincipleKind.choices
        ]
        return context


class PrinciplePage(Page):
    kind = models.CharField(_("kind"), max_length=20, choices=PrincipleKind.choices)
    summary = models.CharField(_("summary"), max_length=300)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.PrincipleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")


class ChallengeIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=800)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ChallengePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("challenges index")

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict:
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        challenges = selectors.challenge_list(parent=self)
        context["challenges"] = paginate(request, challenges, per_page=12)
        return context


class PhaseKind(models.TextChoices):
    IDEATION = "ideation", _("Ideation")
    DISCUSSION = "discussion", _("Discussion")
    SUPPORT = "support", _("Support")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Closed")


class ChallengePhase(Orderable):
    """One dated step of a challenge. Ideas may be submitted only during ideation
    and supported only during support."""

    page = ParentalKey("cms.ChallengePage", related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Empty: open-ended.")
    )

    panels = [FieldPanel("kind"), FieldPanel("starts_on"), FieldPanel("ends_on")]

    class Meta(Orderable.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.get_kind_display()

    def dates(self) -> dict[str, str]:
        """Its dates as the site writes them ("5 januari 2027"), for messages."""
        return {
            "start": date_format(self.starts_on, "j F Y"),
            "end": date_format(self.ends_on, "j F Y") if self.ends_on else "",
        }

    def is_current(self, today: date) -> bool:
        return self.starts_on <= today and (
            self.ends_on is None or today <= self.ends_on
        )

    def clean(self) -> None:
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("A phase cannot end before it starts.")}
            )


PARTICIPATION = (PhaseKind.IDEATION, PhaseKind.DISCUSSION, PhaseKind.SUPPORT)


class ScheduleState(models.TextChoices):
    UNSCHEDULED = "unscheduled", _("No dates yet")
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open")
    EVALUATION = "evaluation", _("Being evaluated")
    CLOSED = "closed", _("Closed")


@dataclass(frozen=True)
class ChallengeSchedule:
    """What a challenge's phases say about it as a whole: the phases are the
    one source of its dates. It opens when its first phase starts and takes
    part (ideas, comments, support) until its last participation phase ends;
    then it is evaluated, then closed."""

    phases: tuple[ChallengePhase, ...]
    today: date

    @classmethod
    def of(cls, phases: Iterable[ChallengePhase], today: date | None = None):
        ordered = tuple(sorted(phases, key=lambda phase: phase.starts_on))
        return cls(ordered, today or timezone.localdate())

    @property
    def current(self) -> ChallengePhase | None:
        running = [p for p in self.phases if p.is_current(self.today)]
        return running[-1] if running else None

    @property
    def opens_on(self) -> date | None:
        return self.phases[0].starts_on if self.phases else None

    @property
    def closes_on(self) -> date | None:
        """The last day anyone can take part; None if open-ended or unknown."""
        taking_part = [p for p in self.phases if p.kind in PARTICIPATION]
        if not taking_part or any(p.ends_on is None for p in taking_part):
            return None
        return max(p.ends_on for p in taking_part)

    @property
    def state(self) -> str:
        if not self.phases:
            return ScheduleState.UNSCHEDULED
        current = self.current
        if current is None:
            if self.today < self.phases[0].starts_on:
                return ScheduleState.UPCOMING
            closes = self.closes_on
            if closes is not None and self.today > closes:
                return ScheduleState.CLOSED
            # A gap between phases: still a challenge people take part in.
            return ScheduleState.OPEN
        if current.kind in PARTICIPATION:
            return ScheduleState.OPEN
        if current.kind == PhaseKind.EVALUATION:
            return ScheduleState.EVALUATION
        return ScheduleState.CLOSED

    @property
    def is_open(self) -> bool:
        return self.state == ScheduleState.OPEN

    def state_label(self) -> str:
        return ScheduleState(self.state).label


class ChallengePage(Page):
    """A city challenge that invites ideas on a theme, in dated phases."""

    intro = models.CharField(_("introduction"), max_length=300)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    goals = ParentalManyToManyField(
        "cms.GoalPage", related_name="challenges", blank=True, verbose_name=_("goals")
    )
    support_budget = models.PositiveSmallIntegerField(
        _("support budget"),
        null=True,
        blank=True,
        help_text=_("How many ideas in this challenge each person may support."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("goals", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "phases",
            label=_("Phases"),
            help_text=_(
                "The phases are the challenge's dates: it opens when the first "
                "starts and takes part until the last ideation, discussion or "
                "support phase ends."
            ),
        ),
        FieldPanel("support_budget"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.ChallengeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict:
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        [challenge] = selectors.attach_localized_goals([self], locale=self.locale)
        context["localized_goals"] = challenge.localized_goals
        # Phases, budget and ideas belong to the default-language page.
        source = self.default_language_page()
        context["source"] = source
        context["phases"] = source.sorted_phases()
        context["current_phase"] = source.current_phase()
        context["ideation"] = source.phase_of(PhaseKind.IDEATION)
        # The challenge's ideas are a section that ideas/ registers.
        return context

    @property
    def schedule(self) -> ChallengeSchedule:
        """The dates its phases give it. Phases belong to the default-language
        page; lists set ``_schedule`` for every challenge in one query."""
        cached = getattr(self, "_schedule", None)
        if cached is None:
            cached = ChallengeSchedule.of(self.default_language_page().phases.all())
            self._schedule = cached
        return cached

    def default_language_page(self) -> "ChallengePage":
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        source = ChallengePage.objects.filter(
            translation_key=self.translation_key, locale=default
        ).first()
        return source or self

    def sorted_phases(self) -> list[ChallengePhase]:
        return sorted(self.phases.all(), key=lambda phase: phase.starts_on)

    def current_phase(self, today: date | None = None) -> ChallengePhase | None:
        today = today or timezone.localdate()
        current = [p for p in self.sorted_phases() if p.is_current(today)]
        return current[-1] if current else None

    def phase_of(self, kind: str) -> ChallengePhase | None:
        return next((p for p in self.sorted_phases() if p.kind == kind), None)

    def is_in_phase(self, kind: str, today: date | None = None) -> bool:
        phase = self.current_phase(today)
        return phase is not None and phase.kind == kind


class NewsIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=800, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict:
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        news = selectors.news_list(locale=self.locale, parent=self)
        context["news"] = paginate(request, news, per_page=10)
        return context


class NewsPage(Page):
    date = models.DateField(_("date"), default=date.today)
    intro = models.CharField(_("introduction"), max_length=300)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class StandardPage(Page):
    """About, accessibility statement, privacy policy, terms and the like."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    show_in_footer = models.BooleanField(
        _("show in footer"),
        default=False,
        help_text=_("Link to this page from the footer of every page."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, FieldPanel("show_in_footer")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_snippet
class District(models.Model):
    """A district area (stadsdelsområde) that gives an idea its place.

    No district on an idea means the whole city.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class SocialLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Name"), max_length=40)
    url = blocks.URLBlock(label=_("Address"))


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(_("site name"), max_length=60, default="Idéstad")
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("social links")
    )
    is_demo = models.BooleanField(
        _("show demo banner"),
        default=False,
        help_text=_("Marks every page as demonstration content."),
    )

    panels = [
        FieldPanel("site_name"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            _("Contact"),
        ),
        FieldPanel("social_links"),
        FieldPanel("is_demo"),
    ]

    @classmethod
    def for_site(cls, site: Site) -> "SiteSettings":
        """Wagtail's, kept in the process per navigation version (cms.sites),
        which saving settings moves; a missing row is made as Wagtail does."""
        from cms.sites import kept

        if site is None:
            return super().for_site(site)
        return kept(
            ("settings", site.pk), lambda: super(SiteSettings, cls).for_site(site)
        )

    class Meta:
        verbose_name = _("site settings")
