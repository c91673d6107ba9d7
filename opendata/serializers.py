"""What the API says about each object: only what the public site shows.
People appear by display name and role, never by e-mail; a deleted account is
a former participant. Every object carries its id and its page's address."""

from contextlib import AbstractContextManager, nullcontext

from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from accounts.models import Organisation
from cms.models import (
    ChallengePage,
    ChallengePhase,
    District,
    GoalPage,
    NewsPage,
    PrinciplePage,
)
from cms.navigation import challenge_refs, goal_labels_in_default_language
from forum.models import Post
from ideas.models import (
    FollowUpReport,
    Idea,
    Indicator,
    IndicatorValue,
    Milestone,
    Project,
    StatusChange,
)
from opendata.rows import IdeaRows, ProjectRows, idea_rows, project_rows

FORMER_PARTICIPANT = "former participant"


def page_url(context: dict, path: str) -> str:
    """Absolute on the request's site; outside a request (a webhook's
    delivery) on the ``site`` the context names, or else left as a path."""
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(path)
    return context.get("site", "") + path


@extend_schema_field(OpenApiTypes.URI)
class CanonicalUrl(serializers.Field):
    """The object's page on the site, in Swedish, the site's first language."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: object) -> str:
        request = self.context.get("request")
        with translation.override("sv"):
            if isinstance(value, Page):
                path = value.get_url(request)  # site roots cached on the request
            else:
                path = value.get_absolute_url()  # type: ignore[attr-defined]
        return page_url(self.context, path or "/")


class GoalRefSerializer(serializers.ModelSerializer):
    url = CanonicalUrl()

    class Meta:
        model = GoalPage
        fields = ["id", "title", "url"]


class TranslatedPageSerializer(serializers.ModelSerializer):
    """What every strategy page has: a stable id, its page on the site, its
    language and the key its translations share."""

    FIELDS = ["id", "title", "url", "language", "translation_key"]

    url = CanonicalUrl()
    language = serializers.CharField(source="locale.language_code")
    translation_key = serializers.UUIDField()


class GoalSerializer(TranslatedPageSerializer):
    class Meta:
        model = GoalPage
        fields = [*TranslatedPageSerializer.FIELDS, "kind", "short_description"]


class StrategyPageSerializer(TranslatedPageSerializer):
    """A page with a body, as the site renders it, and when it was last
    published."""

    FIELDS = [*TranslatedPageSerializer.FIELDS, "body_html", "published_at"]

    body_html = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(source="last_published_at")

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, page: Page) -> str:
        """The body as the site renders it (internal links resolved)."""
        body = getattr(page, "body", "")
        if hasattr(body, "render_as_block"):
            return str(body.render_as_block())
        return expand_db_html(body or "")


class PrincipleSerializer(StrategyPageSerializer):
    class Meta:
        model = PrinciplePage
        fields = [*StrategyPageSerializer.FIELDS, "kind", "summary"]


class NewsSerializer(StrategyPageSerializer):
    class Meta:
        model = NewsPage
        fields = [*StrategyPageSerializer.FIELDS, "date", "intro"]


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["slug", "name"]


class StatusChangeSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="new_status")
    previous_status = serializers.CharField(source="old_status")
    by_role = serializers.SerializerMethodField()
    by_unit = serializers.CharField(source="actor_unit")

    class Meta:
        model = StatusChange
        fields = ["status", "previous_status", "reason", "at", "by_role", "by_unit"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_by_role(self, change: StatusChange) -> str:
        return _by_role(change)


def _by_role(change: StatusChange) -> str:
    return _role_of(change.new_status, change.actor_role)


def _role_of(status: str, actor_role: str) -> str:
    """Who made the change: a withdrawal is the author's own."""
    return "author" if status == "withdrawn" else actor_role


class AuthorSerializer(serializers.Serializer):
    name = serializers.SerializerMethodField()
    role = serializers.CharField(source="author_role")

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, idea: Idea) -> str:
        return idea.author.display_name if idea.author else FORMER_PARTICIPANT


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()


class ChallengeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField()
    unit = serializers.CharField()
    at = serializers.DateTimeField()


_DATETIME = serializers.DateTimeField()


def _moment(value) -> str | None:
    """A time as the API writes it (DRF's format, in the site's time zone)."""
    return None if value is None else _DATETIME.to_representation(value)


class IdeaListSerializer(serializers.ListSerializer):
    """Ideas with their goals and status history read as plain rows for the
    whole page (opendata.rows), and the goals' titles from the cached goal
    labels: no page or status-change objects are built."""

    def to_representation(self, data) -> list:
        ideas = list(data.all() if hasattr(data, "all") else data)
        ids = [idea["id"] if isinstance(idea, dict) else idea.pk for idea in ideas]
        self.context["idea_rows"] = idea_rows(ids)
        with in_swedish():
            return super().to_representation(ideas)


def goal_refs(context: dict, ids: list[int]) -> list[dict]:
    """Goals by id as the API names them, from the cached goal labels in the
    site's first language (kept in ``context`` for the rest of the answer);
    a goal that is not live and public is left out."""
    if "goal_labels" not in context:
        context["goal_labels"] = goal_labels_in_default_language()
    labels = context["goal_labels"]
    shown = sorted((labels[pk]["path"], pk) for pk in ids if pk in labels)
    return [
        {"id": pk, "title": labels[pk]["title"], "url": _goal_url(context, pk)}
        for _path, pk in shown
    ]


def _goal_url(context: dict, pk: int) -> str:
    """Made once per goal and answer, not once per idea that names it."""
    made = context.setdefault("goal_urls", {})
    if pk not in made:
        made[pk] = page_url(context, str(context["goal_labels"][pk]["url"]))
    return made[pk]


def _path_in_swedish(context: dict, obj: Idea | Project) -> str:
    with in_swedish():
        return page_url(context, obj.get_absolute_url())


# An id and a slug no idea has, to find where they go in an idea's address.
_SAMPLE_PK, _SAMPLE_SLUG = 987654321987654321, "sample-slug-7c1e"


def _idea_url(context: dict, pk: int, slug: str) -> str:
    """An idea's address, from one ``reverse()`` per answer: the address of a
    sample idea, with its id and slug as the places to fill. Reversing (and
    making absolute) every idea's address was a fifth of a page of 200.
    Slugs are ASCII, so nothing in them needs quoting; tests compare the
    result with ``get_absolute_url()``."""
    template = context.get("idea_url_template")
    if template is None:
        with in_swedish():
            path = reverse(
                "ideas:detail", kwargs={"pk": _SAMPLE_PK, "slug": _SAMPLE_SLUG}
            )
        sample = page_url(context, path).replace("{", "{{").replace("}", "}}")
        template = context["idea_url_template"] = sample.replace(
            str(_SAMPLE_PK), "{pk}"
        ).replace(_SAMPLE_SLUG, "{slug}")
    return template.format(pk=pk, slug=slug)


def in_swedish() -> AbstractContextManager:
    """Addresses in the site's first language. A list switches once for all
    its objects: switching per object cost a tenth of a page of ideas."""
    if translation.get_language() == "sv":
        return nullcontext()
    return translation.override("sv")


class IdeaSerializer(serializers.ModelSerializer):
    url = CanonicalUrl()
    author = AuthorSerializer(source="*")
    goals = serializers.SerializerMethodField()
    district = DistrictSerializer(allow_null=True)
    challenge = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()
    supports_by_role = serializers.JSONField(source="support_role_counts")
    status_history = StatusChangeSerializer(source="status_changes", many=True)
    official_answer = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id", "url", "title", "summary", "body", "kind", "status",
            "author", "organisation", "goals", "district", "challenge",
            "published_at", "edited_at", "support_count", "supports_by_role",
            "comment_count", "official_answer", "status_history",
        ]  # fmt: skip
        list_serializer_class = IdeaListSerializer

    def to_representation(self, idea: "Idea | dict") -> dict:
        """The same as the declared fields give (tests.opendata compares the
        two for every kind of idea), built directly from the idea's row
        (``opendata.api.api_ideas`` reads rows, not model objects): DRF's
        field-by-field walk, and a model object per idea, author and
        organisation, cost more than the rest of a page of ideas. The
        declared fields stay the schema."""
        row = idea if isinstance(idea, dict) else _row_of(idea)
        pk = row["id"]
        rows = self._rows(pk)
        return {
            "id": pk,
            "url": _idea_url(self.context, pk, row["slug"]),
            "title": row["title"],
            "summary": row["summary"],
            "body": row["body"],
            "kind": row["kind"],
            "status": row["status"],
            "author": {
                "name": row["author__display_name"]
                if row["author_id"] is not None
                else FORMER_PARTICIPANT,
                "role": row["author_role"],
            },
            "organisation": _organisation(
                row["organisation_id"], row["organisation__name"]
            ),
            "goals": goal_refs(self.context, rows.goal_ids.get(pk, [])),
            "district": {"slug": row["district__slug"], "name": row["district__name"]}
            if row["district_id"] is not None
            else None,
            "challenge": self._challenge(row["challenge_id"]),
            "published_at": _moment(row["published_at"]),
            "edited_at": _moment(row["edited_at"]),
            "support_count": row["support_count"],
            "supports_by_role": row["support_role_counts"],
            "comment_count": row["comment_count"],
            "official_answer": _answer(
                row["official_answer"], row["answered_by_unit"], row["answered_at"]
            ),
            "status_history": [
                {
                    "status": status,
                    "previous_status": previous,
                    "reason": reason,
                    "at": _moment(at),
                    "by_role": _role_of(status, role),
                    "by_unit": unit,
                }
                for status, previous, reason, at, role, unit in rows.status.get(pk, [])
            ],
        }

    @extend_schema_field(GoalRefSerializer(many=True))
    def get_goals(self, idea: Idea) -> list[dict]:
        return goal_refs(self.context, self._rows(idea.pk).goal_ids.get(idea.pk, []))

    def _rows(self, pk: int) -> IdeaRows:
        """The rows read for the whole list, or for this idea alone."""
        rows = self.context.get("idea_rows")
        if rows is None or pk not in rows.ids:
            rows = self.context["idea_rows"] = idea_rows([pk])
        return rows

    @extend_schema_field(ChallengeRefSerializer(allow_null=True))
    def get_challenge(self, idea: Idea) -> dict | None:
        return self._challenge(idea.challenge_id)

    def _challenge(self, pk: int | None) -> dict | None:
        """From the cached challenge refs. A challenge that is not live and
        public is not named: its page would not answer."""
        if pk is None:
            return None
        if "challenge_refs" not in self.context:
            self.context["challenge_refs"] = challenge_refs()
        ref = self.context["challenge_refs"].get(pk)
        if ref is None:
            return None
        return {
            "id": pk,
            "title": ref["title"],
            "url": page_url(self.context, str(ref["url"])),
        }

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_organisation(self, idea: Idea) -> dict | None:
        organisation = idea.organisation
        return (
            _organisation(organisation.pk, organisation.name) if organisation else None
        )

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_official_answer(self, idea: Idea) -> dict | None:
        return _answer(idea.official_answer, idea.answered_by_unit, idea.answered_at)


# An idea as the API reads it: a row of these (``QuerySet.values``).
IDEA_ROW = (
    "id", "slug", "title", "summary", "body", "kind", "status", "author_id",
    "author__display_name", "author_role", "organisation_id", "organisation__name",
    "district_id", "district__slug", "district__name", "challenge_id",
    "published_at", "edited_at", "updated_at", "support_count",
    "support_role_counts", "comment_count", "official_answer", "answered_by_unit",
    "answered_at",
)  # fmt: skip


def _row_of(idea: Idea) -> dict:
    """A model object's row, for an idea not read as one."""
    row: dict = {}
    for name in IDEA_ROW:
        value: object = idea
        for part in name.split("__"):
            value = None if value is None else getattr(value, part)
        row[name] = value
    return row


def _organisation(pk: int | None, name: str | None) -> dict | None:
    return None if pk is None else {"id": pk, "name": name}


def _answer(text: str, unit: str, at) -> dict | None:
    if not text:
        return None
    return {"text": text, "unit": unit, "at": _moment(at)}


class IdeaRefSerializer(serializers.ModelSerializer):
    url = CanonicalUrl()

    class Meta:
        model = Idea
        fields = ["id", "title", "url"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value", "source"]


class IndicatorSerializer(serializers.ModelSerializer):
    values = IndicatorValueSerializer(many=True)

    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "baseline", "target", "direction", "values"]


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpReport
        fields = ["year", "narrative", "created_at"]


class ProjectListSerializer(serializers.ListSerializer):
    def to_representation(self, data) -> list:
        projects = list(data.all() if hasattr(data, "all") else data)
        self.context["project_rows"] = project_rows([p.pk for p in projects])
        with in_swedish():
            return super().to_representation(projects)


_MONEY = serializers.DecimalField(max_digits=14, decimal_places=0)
_MEASURE = serializers.DecimalField(max_digits=14, decimal_places=2)
_DATE = serializers.DateField()


def _day(value) -> str | None:
    return None if value is None else _DATE.to_representation(value)


def _amount(field: serializers.DecimalField, value) -> str | None:
    return None if value is None else field.to_representation(value)


class ProjectSerializer(serializers.ModelSerializer):
    """A project and its follow-up. Its contact is left out: it may be a
    person's e-mail address."""

    url = CanonicalUrl()
    goals = serializers.SerializerMethodField()
    origin_ideas = serializers.SerializerMethodField()
    milestones = MilestoneSerializer(many=True)
    indicators = IndicatorSerializer(many=True)
    reports = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id", "url", "title", "summary", "description", "kind", "owner_kind",
            "owner_name", "budget", "starts_on", "ends_on", "status", "progress",
            "goals", "origin_ideas", "milestones", "indicators", "reports",
            "updated_at",
        ]  # fmt: skip
        list_serializer_class = ProjectListSerializer

    def to_representation(self, project: Project) -> dict:
        """The same as the declared fields give (tests.opendata compares the
        two), built directly from the rows ``opendata.rows`` reads."""
        rows = self._rows(project)
        return {
            "id": project.pk,
            "url": _path_in_swedish(self.context, project),
            "title": project.title,
            "summary": project.summary,
            "description": project.description,
            "kind": project.kind,
            "owner_kind": project.owner_kind,
            "owner_name": project.owner_name,
            "budget": _amount(_MONEY, project.budget),
            "starts_on": _day(project.starts_on),
            "ends_on": _day(project.ends_on),
            "status": project.status,
            "progress": project.progress,
            "goals": self.get_goals(project),
            "origin_ideas": self.get_origin_ideas(project),
            "milestones": [
                {"title": title, "due_on": _day(due), "done_on": _day(done)}
                for title, due, done in rows.milestones.get(project.pk, [])
            ],
            "indicators": [
                {
                    "id": pk,
                    "name": name,
                    "unit": unit,
                    "baseline": _amount(_MEASURE, baseline),
                    "target": _amount(_MEASURE, target),
                    "direction": direction,
                    "values": [
                        {
                            "measured_on": _day(day),
                            "value": _amount(_MEASURE, value),
                            "source": source,
                        }
                        for day, value, source in values
                    ],
                }
                for (pk, name, unit, baseline, target, direction), values in (
                    rows.indicators.get(project.pk, [])
                )
            ],
            "reports": self.get_reports(project),
            "updated_at": _moment(project.updated_at),
        }

    @extend_schema_field(GoalRefSerializer(many=True))
    def get_goals(self, project: Project) -> list[dict]:
        ids = self._rows(project).goal_ids.get(project.pk, [])
        return goal_refs(self.context, ids)

    @extend_schema_field(IdeaRefSerializer(many=True))
    def get_origin_ideas(self, project: Project) -> list[dict]:
        """The ideas it came from that the public sees, newest first."""
        origins = self._rows(project).origins.get(project.pk, [])
        return [
            {"id": pk, "title": title, "url": _idea_url(self.context, pk, slug)}
            for pk, title, slug in origins
        ]

    def _rows(self, project: Project) -> ProjectRows:
        """The rows read for the whole list, or for this project alone."""
        rows = self.context.get("project_rows")
        if rows is None or project.pk not in rows.ids:
            rows = self.context["project_rows"] = project_rows([project.pk])
        return rows

    @extend_schema_field(ReportSerializer(many=True))
    def get_reports(self, project: Project) -> list[dict]:
        """The owner's annual reports, oldest year first."""
        reports = self._rows(project).reports.get(project.pk, [])
        return [
            {"year": year, "narrative": narrative, "created_at": _moment(at)}
            for year, narrative, at in reports
        ]


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChallengePhase
        fields = ["kind", "starts_on", "ends_on"]


class ChallengeSerializer(serializers.ModelSerializer):
    url = CanonicalUrl()
    language = serializers.CharField(source="locale.language_code")
    translation_key = serializers.UUIDField()
    phases = PhaseSerializer(many=True)

    class Meta:
        model = ChallengePage
        fields = [
            "id", "title", "url", "intro", "support_budget", "phases", "language",
            "translation_key",
        ]  # fmt: skip


class OrganisationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "url", "name", "kind", "website", "description"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, organisation: Organisation) -> str:
        with translation.override("sv"):
            path = reverse("accounts:organisation_detail", args=[organisation.slug])
        return page_url(self.context, path)


class CommentSerializer(serializers.ModelSerializer):
    """A public comment: what it was written on (one of idea, project,
    challenge, thread), who wrote it by display name and role, and its text
    as Markdown and as the sanitised HTML the site shows."""

    url = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    idea = serializers.IntegerField(source="idea_id", allow_null=True)
    project = serializers.IntegerField(source="project_id", allow_null=True)
    challenge = serializers.IntegerField(source="challenge_id", allow_null=True)
    thread = serializers.IntegerField(source="thread_id", allow_null=True)
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    with_assistance = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id", "url", "idea", "project", "challenge", "thread", "parent",
            "author", "is_official", "official_unit", "with_assistance", "body",
            "body_html", "created_at", "edited_at",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, post: Post) -> str:
        with translation.override("sv"):
            path = reverse("forum:post_go", args=[post.pk])
        return page_url(self.context, path)

    @extend_schema_field(PersonSerializer)
    def get_author(self, post: Post) -> dict:
        if post.author is None:
            return {"name": FORMER_PARTICIPANT, "role": ""}
        return {"name": post.author.display_name, "role": post.author.role}

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_with_assistance(self, post: Post) -> bool:
        return post.assisted_by_id is not None
