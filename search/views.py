"""The search page, header suggestions, similar ideas while writing, and the
review step before a new idea that resembles others is published."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from accounts.models import User
from common.parsing import parse_id
from ideas import services as idea_services
from ideas.models import Idea
from search import selectors
from search.query import FACETS, MAX_QUERY_LENGTH, SearchResults
from search.selectors import FACET_LABELS


def _language() -> str:
    return (get_language() or "sv")[:2]


class SearchView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        query = request.GET.get("q", "")
        filters = {name: request.GET.getlist(name) for name in FACETS}
        results = selectors.search(
            query=query,
            filters=filters,
            user=request.user if request.user.is_authenticated else None,
            page=request.GET.get("page", 1),
            sort=request.GET.get("sort", ""),
            language=_language(),
        )
        facets = [
            {"name": name, "label": FACET_LABELS[name], "values": results.facets[name]}
            for name in FACETS
            if results.facets[name]
        ]
        context = {
            "results": results,
            "query": results.request.query,
            "raw_query": query[:500],
            "facets": facets,
            "chosen": _chosen(request, results),
            "query_string": _query_string(request, without="page"),
            "too_long": len(" ".join(query.split())) > MAX_QUERY_LENGTH,
        }
        return render(request, "search/search.html", context)


def _chosen(request: HttpRequest, results: SearchResults) -> list[dict[str, str]]:
    """The filters in force, each with the query string that removes it."""
    chosen = []
    for name, values in results.facets.items():
        for value in values:
            if not value.selected:
                continue
            params = request.GET.copy()
            params.pop("page", None)
            params.setlist(name, [v for v in params.getlist(name) if v != value.value])
            chosen.append({"label": value.label, "remove_query": params.urlencode()})
    return chosen


def _query_string(request: HttpRequest, *, without: str) -> str:
    params = request.GET.copy()
    params.pop(without, None)
    return params.urlencode()


class SuggestView(View):
    """Titles as someone types in the header search box (JSON)."""

    def get(self, request: HttpRequest) -> JsonResponse:
        prefix = request.GET.get("q", "")[:100]
        found = selectors.suggestions(prefix, language=_language())
        return JsonResponse({"suggestions": found})


class SimilarIdeasView(View):
    """Ideas like the one being written, as an HTML fragment for the form."""

    def get(self, request: HttpRequest) -> HttpResponse:
        exclude = request.GET.get("exclude", "")
        ideas = selectors.similar_ideas(
            title=request.GET.get("title", ""),
            summary=request.GET.get("summary", ""),
            exclude=parse_id(exclude),
        )
        return render(request, "search/includes/similar_ideas.html", {"similar": ideas})


class IdeaReviewView(LoginRequiredMixin, View):
    """Before a new idea like existing ones is published (without JavaScript,
    or when the list was not seen): the similar ideas, then "publish anyway"."""

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.idea = get_object_or_404(Idea, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("ideas.change_idea", self.idea):
            raise PermissionDenied
        if self.idea.is_published:
            return redirect(self.idea)
        similar = selectors.similar_ideas(
            title=self.idea.title, summary=self.idea.summary, exclude=self.idea.pk
        )
        return render(
            request, "search/idea_review.html", {"idea": self.idea, "similar": similar}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            # Signed in (LoginRequiredMixin), so a User, not AnonymousUser.
            actor = cast(User, request.user)
            idea_services.idea_publish(actor=actor, idea=self.idea)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("search:idea_review", pk=self.idea.pk)
        messages.success(request, _("Your idea has been published."))
        self.idea.refresh_from_db()
        return redirect(self.idea)
