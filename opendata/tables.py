"""The tables of the bulk open dataset: their columns, documented, and the rows
that fill them. Only what the public site shows: published ideas that are not
hidden, their public comments, verified organisations, live public pages;
people by display name and role, never by e-mail, and a deleted account as a
former participant. Rows are read in batches from a server-side cursor, so
memory stays flat however many rows there are."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from accounts.models import Organisation, Role
from cms.models import ChallengePage, ChallengePhase, District, GoalPage
from forum.models import Post
from ideas.models import (
    FollowUpReport,
    Idea,
    Indicator,
    IndicatorValue,
    Milestone,
    Project,
    StatusChange,
    Support,
)

BATCH = 2000
FORMER_PARTICIPANT = "former participant"
Value = str | int | float | bool | None


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless field type: integer, number, string, date, ...
    description: Promise | str


@dataclass(frozen=True)
class Table:
    name: str
    description: Promise | str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[tuple[Value, ...]]]
    count: Callable[[], int]
    primary_key: tuple[str, ...] = ("id",)


def plain(value: object) -> Value:
    """A cell as CSV and JSON both take it: ISO dates, numbers as numbers."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value  # type: ignore[return-value]


def _stream(queryset: QuerySet, fields: list[str]) -> Iterator[tuple]:
    return queryset.values_list(*fields).iterator(chunk_size=BATCH)


def _url_maker(name: str, *placeholders: object) -> Callable[..., str]:
    """A page address for many objects from one ``reverse``: the placeholders
    are swapped for each object's values (Swedish, the site's first language)."""
    with translation.override("sv"):
        pattern = reverse(name, args=placeholders)
    template = (settings.SITE_URL + pattern).replace("{", "{{").replace("}", "}}")
    for index, placeholder in enumerate(placeholders):
        template = template.replace(str(placeholder), f"{{{index}}}", 1)
    return lambda *values: template.format(*values)


def _page_url(page: Page) -> str:
    with translation.override("sv"):
        path = page.get_url() or "/"
    return path if path.startswith("http") else settings.SITE_URL + path


def public_ideas() -> QuerySet[Idea]:
    return Idea.objects.visible()


def public_posts() -> QuerySet[Post]:
    """Comments that are neither hidden nor removed, on something public."""
    return Post.objects.filter(hidden_at__isnull=True, removed_at__isnull=True).filter(
        Q(idea__in=public_ideas())
        | Q(project__isnull=False)
        | Q(challenge__in=ChallengePage.objects.live().public())
        | Q(thread__isnull=False, thread__hidden_at__isnull=True)
    )


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(verified=True)


ROLES = [role for role, _label in Role.choices]


def _idea_rows() -> Iterator[tuple]:
    url = _url_maker("ideas:detail", 987654321, "slug-placeholder")
    fields = [
        "pk", "slug", "title", "summary", "body", "kind", "status",
        "author__display_name", "author_id", "author_role", "organisation_id",
        "district__slug", "challenge_id", "published_at", "edited_at",
        "support_count", "support_role_counts", "comment_count",
        "official_answer", "answered_by_unit", "answered_at",
    ]  # fmt: skip
    for row in _stream(public_ideas().order_by("pk"), fields):
        (pk, slug, title, summary, body, kind, status, name, author_id) = row[:9]
        by_role = row[16] or {}
        yield (
            pk, url(pk, slug), title, summary, body, kind, status,
            name if author_id else FORMER_PARTICIPANT, *row[9:16],
            *(by_role.get(role, 0) for role in ROLES), *row[17:],
        )  # fmt: skip


def _idea_goal_rows() -> Iterator[tuple]:
    links = Idea.goals.through.objects.filter(idea__in=public_ideas())
    return _stream(links.order_by("idea_id", "goalpage_id"), ["idea_id", "goalpage_id"])


def _support_rows() -> Iterator[tuple]:
    supports = Support.objects.filter(idea__in=public_ideas()).order_by("pk")
    for idea_id, role, at in _stream(supports, ["idea_id", "role", "created_at"]):
        yield idea_id, role, at.date()


def _status_rows() -> Iterator[tuple]:
    changes = StatusChange.objects.filter(idea__in=public_ideas()).order_by("pk")
    fields = ["idea_id", "new_status", "old_status", "reason", "at", "actor_role"]
    for row in _stream(changes, [*fields, "actor_unit"]):
        # Withdrawing is the author's act, whoever they are (as on the site).
        yield (*row[:5], "author" if row[1] == "withdrawn" else row[5], row[6])


def _comment_rows() -> Iterator[tuple]:
    fields = [
        "pk", "idea_id", "project_id", "challenge_id", "thread_id", "parent_id",
        "author__display_name", "author_id", "author__role", "is_official",
        "official_unit", "created_at", "edited_at", "body",
    ]  # fmt: skip
    for row in _stream(public_posts().order_by("pk"), fields):
        name = row[6] if row[7] else FORMER_PARTICIPANT
        yield (*row[:6], name, row[8] or "", *row[9:])


def _page_rows(pages: QuerySet, extra: Callable[[Page], tuple] = lambda p: ()):
    for page in pages.select_related("locale").order_by("path").iterator(BATCH):
        yield (
            page.pk,
            page.title,
            page.locale.language_code,
            str(page.translation_key),
            _page_url(page),
            *extra(page),
        )


def _goal_rows() -> Iterator[tuple]:
    return _page_rows(GoalPage.objects.live().public())


def _challenge_rows() -> Iterator[tuple]:
    return _page_rows(
        ChallengePage.objects.live().public(), lambda page: (page.support_budget,)
    )


def _phase_rows() -> Iterator[tuple]:
    challenges = ChallengePage.objects.live().public()
    phases = ChallengePhase.objects.filter(page__in=challenges).order_by("pk")
    return _stream(phases, ["page_id", "kind", "starts_on", "ends_on"])


def _organisation_rows() -> Iterator[tuple]:
    url = _url_maker("accounts:organisation_detail", "slug-placeholder")
    fields = ["pk", "slug", "name", "kind", "website"]
    for pk, slug, *rest in _stream(public_organisations().order_by("pk"), fields):
        yield (pk, url(slug), *rest)


def _project_rows() -> Iterator[tuple]:
    url = _url_maker("ideas:project", 987654321, "slug-placeholder")
    fields = [
        "pk", "slug", "title", "summary", "description", "kind", "owner_kind",
        "owner_name", "budget", "starts_on", "ends_on", "status", "progress",
        "updated_at",
    ]  # fmt: skip
    for pk, slug, *rest in _stream(Project.objects.order_by("pk"), fields):
        yield (pk, url(pk, slug), *rest)


def _link_rows(model, source: str, target: str, targets=None) -> Callable:
    def rows() -> Iterator[tuple]:
        links = model.objects.all()
        if targets is not None:
            links = links.filter(**{f"{target}__in": targets()})
        return _stream(links.order_by(source, target), [source, target])

    return rows


def _count(queryset: Callable[[], QuerySet]) -> Callable[[], int]:
    return lambda: queryset().count()


def _c(name: str, kind: str, description: Promise | str) -> Column:
    return Column(name, kind, description)


ID = _c("id", "integer", _("Stable identifier"))
URL = _c("url", "string", _("Address of the page on the site"))
LANGUAGE = _c("language", "string", _("Language of the page (sv or en)"))
TRANSLATION_KEY = _c(
    "translation_key", "string", _("The same for a page and its translations")
)
ROLE_HELP = _(
    "Role: resident, company, academia, association, public_body or city_staff"
)

TABLES: tuple[Table, ...] = (
    Table(
        "ideas",
        _("Published ideas that are not hidden"),
        (
            ID,
            URL,
            _c("title", "string", _("Title")),
            _c("summary", "string", _("Summary")),
            _c("body", "string", _("Description, in Markdown")),
            _c("kind", "string", _("Kind of idea")),
            _c("status", "string", _("Official status")),
            _c("author_name", "string", _("The author's display name")),
            _c("author_role", "string", ROLE_HELP),
            _c("organisation_id", "integer", _("Organisation the idea speaks for")),
            _c("district", "string", _("District (slug), empty for the whole city")),
            _c("challenge_id", "integer", _("Challenge the idea answers")),
            _c("published_at", "datetime", _("When it was published")),
            _c("edited_at", "datetime", _("Last edit after the first support")),
            _c("support_count", "integer", _("Number of supports")),
            *(
                _c(f"supports_{role}", "integer", _("Supports by this role"))
                for role in ROLES
            ),
            _c("comment_count", "integer", _("Number of public comments")),
            _c("official_answer", "string", _("The city's official answer")),
            _c("answered_by_unit", "string", _("City unit that answered")),
            _c("answered_at", "datetime", _("When the city answered")),
        ),
        _idea_rows,
        _count(public_ideas),
    ),
    Table(
        "idea_goals",
        _("Which strategy goals each idea serves"),
        (
            _c("idea_id", "integer", _("Idea")),
            _c("goal_id", "integer", _("Goal")),
        ),
        _idea_goal_rows,
        _count(lambda: Idea.goals.through.objects.filter(idea__in=public_ideas())),
        ("idea_id", "goal_id"),
    ),
    Table(
        "supports",
        _("One row per support of a public idea, without the person"),
        (
            _c("idea_id", "integer", _("Idea")),
            _c("role", "string", ROLE_HELP),
            _c("supported_on", "date", _("Day of the support")),
        ),
        _support_rows,
        _count(lambda: Support.objects.filter(idea__in=public_ideas())),
        (),
    ),
    Table(
        "status_changes",
        _("Every status change of a public idea, with its public reason"),
        (
            _c("idea_id", "integer", _("Idea")),
            _c("status", "string", _("New status")),
            _c("previous_status", "string", _("Status before")),
            _c("reason", "string", _("Public reason")),
            _c("at", "datetime", _("When")),
            _c("by_role", "string", _("Role of who changed it, or author")),
            _c("by_unit", "string", _("City unit of who changed it")),
        ),
        _status_rows,
        _count(lambda: StatusChange.objects.filter(idea__in=public_ideas())),
        (),
    ),
    Table(
        "comments",
        _("Public comments on ideas, projects, challenges and forum threads"),
        (
            ID,
            _c("idea_id", "integer", _("Idea commented on")),
            _c("project_id", "integer", _("Project commented on")),
            _c("challenge_id", "integer", _("Challenge commented on")),
            _c("thread_id", "integer", _("Forum thread")),
            _c("parent_id", "integer", _("The comment this one answers")),
            _c("author_name", "string", _("The author's display name")),
            _c("author_role", "string", ROLE_HELP),
            _c("is_official", "boolean", _("An official answer from the city")),
            _c("official_unit", "string", _("City unit of an official answer")),
            _c("created_at", "datetime", _("When it was written")),
            _c("edited_at", "datetime", _("When it was last edited")),
            _c("body", "string", _("Text, in Markdown")),
        ),
        _comment_rows,
        _count(public_posts),
    ),
    Table(
        "goals",
        _("The goals of the strategy, in Swedish and English"),
        (ID, _c("title", "string", _("Title")), LANGUAGE, TRANSLATION_KEY, URL),
        _goal_rows,
        _count(lambda: GoalPage.objects.live().public()),
    ),
    Table(
        "challenges",
        _("The city's challenges that ask for ideas"),
        (
            ID,
            _c("title", "string", _("Title")),
            LANGUAGE,
            TRANSLATION_KEY,
            URL,
            _c("support_budget", "integer", _("Supports each person may give")),
        ),
        _challenge_rows,
        _count(lambda: ChallengePage.objects.live().public()),
    ),
    Table(
        "challenge_phases",
        _("The phases of each challenge"),
        (
            _c("challenge_id", "integer", _("Challenge")),
            _c("kind", "string", _("Phase")),
            _c("starts_on", "date", _("First day")),
            _c("ends_on", "date", _("Last day")),
        ),
        _phase_rows,
        _count(
            lambda: ChallengePhase.objects.filter(
                page__in=ChallengePage.objects.live().public()
            )
        ),
        (),
    ),  # fmt: skip
    Table(
        "districts",
        _("Stockholm's districts"),
        (
            _c("slug", "string", _("Stable identifier")),
            _c("name", "string", _("Name")),
        ),
        lambda: _stream(District.objects.order_by("pk"), ["slug", "name"]),
        _count(District.objects.all),
        ("slug",),
    ),
    Table(
        "organisations",
        _("Organisations the city has verified"),
        (
            ID,
            URL,
            _c("name", "string", _("Name")),
            _c("kind", "string", _("Kind of organisation")),
            _c("website", "string", _("Website")),
        ),
        _organisation_rows,
        _count(public_organisations),
    ),
    Table(
        "projects",
        _("Projects the city runs, from ideas or named by the strategy"),
        (
            ID,
            URL,
            _c("title", "string", _("Title")),
            _c("summary", "string", _("Summary")),
            _c("description", "string", _("Description, in Markdown")),
            _c("kind", "string", _("operational or prerequisite")),
            _c("owner_kind", "string", _("Kind of owner")),
            _c("owner_name", "string", _("Owner")),
            _c("budget", "integer", _("Budget in SEK")),
            _c("starts_on", "date", _("Start")),
            _c("ends_on", "date", _("End")),
            _c("status", "string", _("Status")),
            _c("progress", "integer", _("Progress in per cent")),
            _c("updated_at", "datetime", _("Last change")),
        ),
        _project_rows,
        _count(Project.objects.all),
    ),
    Table(
        "project_goals",
        _("Which strategy goals each project serves"),
        (
            _c("project_id", "integer", _("Project")),
            _c("goal_id", "integer", _("Goal")),
        ),
        _link_rows(Project.goals.through, "project_id", "goalpage_id"),
        _count(Project.goals.through.objects.all),
        ("project_id", "goal_id"),
    ),
    Table(
        "project_ideas",
        _("The public ideas each project grew out of"),
        (
            _c("project_id", "integer", _("Project")),
            _c("idea_id", "integer", _("Idea")),
        ),
        _link_rows(Project.origin_ideas.through, "project_id", "idea_id", public_ideas),
        _count(
            lambda: Project.origin_ideas.through.objects.filter(idea__in=public_ideas())
        ),
        ("project_id", "idea_id"),
    ),  # fmt: skip
    Table(
        "milestones",
        _("The milestones of each project"),
        (
            ID,
            _c("project_id", "integer", _("Project")),
            _c("title", "string", _("Milestone")),
            _c("due_on", "date", _("Due")),
            _c("done_on", "date", _("Done")),
        ),
        lambda: _stream(
            Milestone.objects.order_by("pk"),
            ["pk", "project_id", "title", "due_on", "done_on"],
        ),
        _count(Milestone.objects.all),
    ),
    Table(
        "indicators",
        _("What each project measures, from baseline to target"),
        (
            ID,
            _c("project_id", "integer", _("Project")),
            _c("name", "string", _("Indicator")),
            _c("unit", "string", _("Unit")),
            _c("baseline", "number", _("Baseline")),
            _c("target", "number", _("Target")),
            _c("direction", "string", _("increase or decrease: which is better")),
            _c("goal_id", "integer", _("Strategy goal it measures")),
        ),
        lambda: _stream(
            Indicator.objects.order_by("pk"),
            [
                "pk",
                "project_id",
                "name",
                "unit",
                "baseline",
                "target",
                "direction",
                "goal_id",
            ],
        ),  # fmt: skip
        _count(Indicator.objects.all),
    ),
    Table(
        "indicator_values",
        _("Every measured value of every indicator"),
        (
            _c("indicator_id", "integer", _("Indicator")),
            _c("measured_on", "date", _("Day of the measurement")),
            _c("value", "number", _("Value, in the indicator's unit")),
            _c("source", "string", _("Where the value comes from")),
        ),
        lambda: _stream(
            IndicatorValue.objects.order_by("indicator_id", "measured_on"),
            ["indicator_id", "measured_on", "value", "source"],
        ),
        _count(IndicatorValue.objects.all),
        ("indicator_id", "measured_on"),
    ),
    Table(
        "reports",
        _("The owners' annual follow-up reports"),
        (
            _c("project_id", "integer", _("Project")),
            _c("year", "integer", _("Year")),
            _c("narrative", "string", _("The report, in Markdown")),
            _c("created_at", "datetime", _("When it was written")),
        ),
        lambda: _stream(
            FollowUpReport.objects.order_by("project_id", "year"),
            ["project_id", "year", "narrative", "created_at"],
        ),
        _count(FollowUpReport.objects.all),
        ("project_id", "year"),
    ),
)
