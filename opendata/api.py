"""The read API, ``/api/v1/``: anonymous, read-only, rate limited per address
through the shared cache, open to every origin, with ETags (a repeated request
with ``If-None-Match`` gets 304) and cursor pagination (stable while new ideas
arrive)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware, method_decorator
from django.utils.http import http_date
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts.models import Organisation
from cms.models import ChallengePage, District, GoalPage, NewsPage, PrinciplePage
from common import data_version, parsing, rate
from ideas import selectors
from ideas.models import (
    Idea,
    IdeaKind,
    IdeaStatus,
    Project,
)
from opendata.examples import COMMENT, IDEA, SITE, example
from opendata.serializers import (
    IDEA_ROW,
    ChallengeSerializer,
    CommentSerializer,
    DistrictSerializer,
    GoalSerializer,
    IdeaSerializer,
    NewsSerializer,
    OrganisationSerializer,
    PrincipleSerializer,
    ProjectSerializer,
)
from opendata.tables import public_posts

# ETag from the body, and 304 for a matching If-None-Match (the response is
# rendered first: the middleware runs as its post-render callback).
conditional = method_decorator(
    decorator_from_middleware(ConditionalGetMiddleware), name="dispatch"
)


class PerAddressThrottle(AnonRateThrottle):
    """``API_RATE`` requests per client address (``REMOTE_ADDR``, which
    uvicorn's ``--proxy-headers`` takes from the proxy), counted in the shared
    cache in fixed windows (common.rate: one round trip a request, where DRF's
    sliding window read and wrote a list of times)."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.API_RATE

    def allow_request(self, request, view) -> bool:
        key = self.get_cache_key(request, view)
        counted = rate.hit(key, int(self.duration))
        if counted is None:  # the shared cache is away: nothing is limited
            return True
        self.window_left = counted.window_left
        return counted.count <= self.num_requests

    def wait(self) -> float:
        return self.window_left


class Cursor(CursorPagination):
    page_size_query_param = "limit"

    def get_paginated_response_schema(self, schema: dict) -> dict:
        # DRF describes its links with OpenAPI 3.0's "nullable"; in 3.1 (JSON
        # Schema) a missing page is a null type.
        link = {"type": ["string", "null"], "format": "uri"}
        following = {**link, "example": f"{SITE}/api/v1/ideas/?cursor=cD0yMDI2LTEx"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": following,
                "previous": {**link, "example": None},
                "results": schema,
            },
        }


class NewestFirst(Cursor):
    ordering = ("-published_at", "-id")
    page_size = 50
    max_page_size = 200


class ByIdPagination(Cursor):
    ordering = ("id",)
    page_size = 100
    max_page_size = 500


@conditional
class PublicReadOnly(viewsets.ReadOnlyModelViewSet):
    """Every reader gets the same answer to the same address, so answers are
    shared through the shared cache under the data version (a change commits,
    the version moves, the next reader's key is new): a repeated request costs
    the rate limit, two cache reads and the ETag, not the queries and
    serializing."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [PerAddressThrottle]

    def list(self, request, *args, **kwargs):
        return self._shared(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._shared(super().retrieve, request, *args, **kwargs)

    def _shared(self, answer, request, *args, **kwargs):
        key = shared_key(request)
        if key is None:
            return answer(request, *args, **kwargs)
        stored = cache.get(key)
        if stored is not None:
            return _from_store(stored)
        response = answer(request, *args, **kwargs)
        if response.status_code == 200:
            response.add_post_render_callback(lambda done: _store(key, done))
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = (
                "If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
        return response


def shared_key(request) -> str | None:
    """The cache key for this address at the current data version; None when
    answers are not shared (turned off, or the shared cache is away)."""
    if not settings.API_CACHE_SECONDS:
        return None
    return data_version.address_key("api", request)


def _store(key: str, response) -> None:
    stored = (response.content, response.get("Last-Modified"))
    cache.set(key, stored, settings.API_CACHE_SECONDS)


def _from_store(stored: tuple[bytes, str | None]) -> HttpResponse:
    content, last_modified = stored
    response = HttpResponse(content, content_type="application/json")
    if last_modified:
        response["Last-Modified"] = last_modified
    return response


# Ids in addresses and filters: digits, and few enough for any id column.
ID = parsing.ID.pattern


def id_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=parsing.MAX_ID
    )


class IdeaFilters(serializers.Serializer):
    """The idea list's filters, as on the site; anything else is a 400."""

    goal = id_field()
    district = serializers.SlugField(required=False)
    challenge = id_field()
    status = serializers.ChoiceField(choices=IdeaStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=IdeaKind.choices, required=False)
    organisation = id_field()
    updated_since = serializers.DateTimeField(
        required=False,
        help_text="Only ideas changed at or after this time (ISO 8601), counts "
        "included: for keeping a copy in step. Hidden ideas leave the list.",
    )

    def to_filters(self) -> selectors.IdeaFilters:
        data = self.validated_data
        district = data.get("district", "")
        return selectors.IdeaFilters(
            goal=_found(GoalPage.objects.live(), data.get("goal"), "goal"),
            district=_found(District.objects.all(), district, "district", "slug")
            if district and district != "city"
            else None,
            whole_city=district == "city",
            challenge=_found(
                ChallengePage.objects.live(), data.get("challenge"), "challenge"
            ),
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            organisation=_found(
                Organisation.objects.all(), data.get("organisation"), "organisation"
            ),
        )


def _found(queryset, value, name: str, field: str = "pk"):
    if value in (None, ""):
        return None
    found = queryset.filter(**{field: value}).first()
    if found is None:
        raise exceptions.ValidationError({name: [f"No {name} {value!r}."]})
    return found


def api_ideas(ideas=None):
    """Ideas as rows of what the API shows (``serializers.IDEA_ROW``), not
    model objects: building an idea, its author and its organisation as
    objects cost a fifth of a page of 200. Goals, challenges and the status
    history come from cached labels and plain rows (serializers, rows)."""
    ideas = ideas if ideas is not None else Idea.objects.visible()
    return ideas.values(*IDEA_ROW)


@extend_schema_view(
    list=extend_schema(
        parameters=[IdeaFilters], examples=[example("A page of ideas", IDEA)]
    ),
    retrieve=extend_schema(examples=[example("An answered idea", IDEA)]),
)
class IdeaViewSet(PublicReadOnly):
    """Published ideas that are not hidden, newest first."""

    serializer_class = IdeaSerializer
    pagination_class = NewestFirst
    lookup_value_regex = ID

    def get_queryset(self):
        if self.action != "list":
            return api_ideas()
        filters = IdeaFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        ideas = selectors.ideas_matching(filters=filters.to_filters())
        if since := filters.validated_data.get("updated_since"):
            ideas = ideas.filter(updated_at__gte=since)
        return api_ideas(ideas)

    def retrieve(self, request, *args, **kwargs):
        return self._shared(self._idea, request, *args, **kwargs)

    def _idea(self, request, *args, **kwargs):
        idea = self.get_object()
        response = Response(self.get_serializer(idea).data)
        # With the ETag: a client may ask with If-Modified-Since instead.
        response["Last-Modified"] = http_date(idea["updated_at"].timestamp())
        return response


class GoalViewSet(PublicReadOnly):
    """The strategy's goals, in Swedish and English (one translation key)."""

    serializer_class = GoalSerializer
    pagination_class = ByIdPagination
    lookup_value_regex = ID

    def get_queryset(self):
        # public() reads the view restrictions: per request, not at import.
        return GoalPage.objects.live().public().select_related("locale")


class PrincipleViewSet(PublicReadOnly):
    """The strategy's principles for implementation, enablers and enabling
    principles (open data among them), in Swedish and English."""

    serializer_class = PrincipleSerializer
    pagination_class = ByIdPagination
    lookup_value_regex = ID

    def get_queryset(self):
        return PrinciplePage.objects.live().public().select_related("locale")


class NewestNewsFirst(Cursor):
    ordering = ("-date", "-id")
    page_size = 50
    max_page_size = 200


class NewsViewSet(PublicReadOnly):
    """The city's news about the strategy, newest first."""

    serializer_class = NewsSerializer
    pagination_class = NewestNewsFirst
    lookup_value_regex = ID

    def get_queryset(self):
        return NewsPage.objects.live().public().select_related("locale")


class DistrictViewSet(PublicReadOnly):
    serializer_class = DistrictSerializer
    pagination_class = ByIdPagination
    queryset = District.objects.all()
    lookup_field = "slug"


class ProjectViewSet(PublicReadOnly):
    """Projects with their whole follow-up: milestones, indicators with every
    measured value, and annual reports."""

    serializer_class = ProjectSerializer
    pagination_class = ByIdPagination
    lookup_value_regex = ID

    def get_queryset(self):
        return api_projects()


def api_projects():
    # What the serializer shows beyond the project's row is read as plain
    # rows for the whole page (opendata.rows), not prefetched as objects.
    return Project.objects.defer("contact", "description_html")


class ChallengeViewSet(PublicReadOnly):
    serializer_class = ChallengeSerializer
    pagination_class = ByIdPagination
    lookup_value_regex = ID

    def get_queryset(self):
        return (
            ChallengePage.objects.live()
            .public()
            .select_related("locale")
            .prefetch_related("phases")
        )


class OrganisationViewSet(PublicReadOnly):
    """Organisations the city has verified; the others are not listed."""

    serializer_class = OrganisationSerializer
    pagination_class = ByIdPagination
    lookup_value_regex = ID
    queryset = Organisation.objects.filter(verified=True)


class CommentFilters(serializers.Serializer):
    """What the comments are written on; anything else is a 400."""

    idea = id_field()
    project = id_field()
    challenge = id_field()
    thread = id_field()


class NewestCommentsFirst(Cursor):
    ordering = ("-created_at", "-id")
    page_size = 50
    max_page_size = 200


@extend_schema_view(
    list=extend_schema(
        parameters=[CommentFilters], examples=[example("A page of comments", COMMENT)]
    ),
    retrieve=extend_schema(examples=[example("A comment on an idea", COMMENT)]),
)
class CommentViewSet(PublicReadOnly):
    """Public comments (neither hidden nor removed, on something public),
    newest first."""

    serializer_class = CommentSerializer
    pagination_class = NewestCommentsFirst
    lookup_value_regex = ID

    def get_queryset(self):
        posts = public_posts().select_related("author")
        if self.action != "list":
            return posts
        filters = CommentFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        chosen = {f"{k}_id": v for k, v in filters.validated_data.items()}
        return posts.filter(**chosen)
