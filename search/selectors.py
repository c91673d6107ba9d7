"""Search, as the rest of the platform asks for it.

``search(query=…, filters=…, user=…, page=…)`` is the one entry point. It asks
Elasticsearch when that is configured and answers, and the database otherwise:
if Elasticsearch is configured but fails, the reader still gets results (from
the database), a warning is logged and ``/readyz`` shows search as degraded.
Only public content is ever indexed, so nobody finds what they may not see.
"""

import logging
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from accounts.models import Organisation, User
from cms.models import ChallengePage, District
from cms.navigation import goal_labels
from ideas.models import Idea, IdeaKind, IdeaStatus, Project
from search import database, elastic
from search.models import EntryType
from search.query import SearchRequest, SearchResults

logger = logging.getLogger(__name__)

DEGRADED_KEY = "search:elasticsearch-failed"
DEGRADED_SECONDS = 60
FACET_LABELS = {
    "type": _("Type"),
    "goal": _("Goal"),
    "district": _("District"),
    "status": _("Status"),
    "challenge": _("Challenge"),
    "kind": _("Kind of idea or project"),
    "organisation_kind": _("Organisation"),
}
PAGE_KIND_LABELS = {
    "goalpage": _("Goal"),
    "challengepage": _("Challenge"),
    "newspage": _("News"),
    "standardpage": _("Page"),
    "principlepage": _("Principle"),
}


def search(
    *,
    query: str = "",
    filters: dict[str, list[str]] | None = None,
    user: User | None = None,
    page: object = 1,
    sort: str = "",
    language: str = "",
) -> SearchResults:
    """One page of hits with highlights, and facet counts, for any input.

    ``user`` is the reader; every indexed item is public, so it only decides
    the language facet labels fall back to when ``language`` is not given.
    """
    if user is not None and user.is_authenticated and not language:
        language = user.preferred_language
    request = SearchRequest.build(
        query=query, filters=filters, page=page, sort=sort, language=language
    )
    results = _run(request)
    _label_facets(results, language=request.language)
    return results


def _run(request: SearchRequest) -> SearchResults:
    if elastic.is_configured():
        try:
            return elastic.search(request)
        except Exception as error:  # noqa: BLE001 - any failure: serve from the database
            _elasticsearch_failed("search", error)
            results = database.search(request)
            results.degraded = True
            return results
    return database.search(request)


def _elasticsearch_failed(what: str, error: Exception) -> None:
    """Log it, and mark search degraded for a minute (/readyz reports it)."""
    logger.warning("Elasticsearch failed (%s), searching the database: %s", what, error)
    cache.set(DEGRADED_KEY, type(error).__name__, DEGRADED_SECONDS)


def _label_facets(results: SearchResults, *, language: str) -> None:
    labels = facet_value_labels(language)
    for hit in results.hits:
        hit.status_label = str(labels["status"].get(hit.status, ""))
    for name, values in results.facets.items():
        known = labels.get(name, {})
        # A value nobody can name (a deleted goal) is not offered as a filter.
        results.facets[name] = [v for v in values if v.value in known]
        for value in results.facets[name]:
            value.label = str(known[value.value])


def facet_value_labels(language: str) -> dict[str, dict[str, Any]]:
    locale = (
        Locale.objects.filter(language_code=language).first() or Locale.get_default()
    )
    goals = {str(pk): g["title"] for pk, g in goal_labels(locale).items()}
    return {
        "type": dict(EntryType.choices),
        "goal": goals,
        "district": _districts(),
        "status": dict(IdeaStatus.choices) | dict(Project.Status.choices),
        "challenge": _challenges(locale),
        "kind": dict(IdeaKind.choices) | dict(Project.Kind.choices) | PAGE_KIND_LABELS,
        "organisation_kind": dict(Organisation.Kind.choices),
    }


def _districts() -> dict[str, str]:
    key = "search:district-labels"
    labels = cache.get(key)
    if labels is None:
        labels = {
            str(pk): name for pk, name in District.objects.values_list("pk", "name")
        }
        cache.set(key, labels, 300)
    return labels


def _challenges(locale: Locale) -> dict[str, str]:
    """Challenge ids as ideas store them (the default language's page) → the
    title in ``locale`` where there is a translation."""
    key = f"search:challenge-labels:{locale.pk}"
    labels = cache.get(key)
    if labels is None:
        pages = ChallengePage.objects.live().values_list(
            "pk", "translation_key", "locale_id", "title"
        )
        default = Locale.get_default().pk
        in_locale = {key: title for _pk, key, loc, title in pages if loc == locale.pk}
        labels = {
            str(pk): in_locale.get(key, title)
            for pk, key, loc, title in pages
            if loc == default
        }
        cache.set(key, labels, 300)
    return labels


def search_degraded() -> str | None:
    """Why the last Elasticsearch request failed, if one did in the last minute."""
    return cache.get(DEGRADED_KEY)


def suggestions(prefix: str, *, language: str = "sv") -> list[dict[str, str]]:
    """Titles for the header search box as someone types."""
    if elastic.is_configured():
        try:
            return elastic.suggestions(prefix, language=language)
        except Exception as error:  # noqa: BLE001
            _elasticsearch_failed("suggestions", error)
    return [
        {"title": e.title, "url": e.url, "type": e.type}
        for e in database.suggestions(prefix, language=language)
    ]


def similar_ideas(
    *, title: str, summary: str = "", exclude: int | None = None, limit: int = 5
) -> list[Idea]:
    """Up to ``limit`` published ideas that look like the one being written."""
    title, summary = title.strip()[:140], summary.strip()[:300]
    if len(title) < 4:
        return []
    ids: list[int] = []
    if elastic.is_configured():
        try:
            ids = elastic.similar_ideas(title, summary, exclude=exclude, limit=limit)
        except Exception as error:  # noqa: BLE001
            _elasticsearch_failed("similar ideas", error)
            ids = database.similar_ideas(title, summary, exclude=exclude, limit=limit)
    else:
        ids = database.similar_ideas(title, summary, exclude=exclude, limit=limit)
    ideas: QuerySet[Idea] = Idea.objects.visible().filter(pk__in=ids)
    by_pk = {
        idea.pk: idea
        for idea in ideas.only("pk", "slug", "title", "status", "support_count")
    }
    return [by_pk[pk] for pk in ids if pk in by_pk]
