"""The search request and answer both backends share.

Input is cleaned here, once: a query is cut to a sane length and stripped of
control characters, facet values that cannot exist are dropped, a page number
is clamped. Backends never see raw user input, so nothing a person types can
become a query-syntax error.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.models import Organisation
from common.parsing import CONTROL, parse_count, parse_id
from ideas.models import IdeaKind, IdeaStatus, Project
from search.models import EntryType

MAX_QUERY_LENGTH = 200
PER_PAGE = 20
MAX_ID = 2**31 - 1

# Facets, in the order the page shows them.
FACETS = (
    "type",
    "goal",
    "district",
    "status",
    "challenge",
    "kind",
    "organisation_kind",
)
ID_FACETS = frozenset({"goal", "district", "challenge"})
PAGE_KINDS = ("goalpage", "challengepage", "newspage", "standardpage", "principlepage")
CHOICES: dict[str, frozenset[str]] = {
    "type": frozenset(EntryType.values),
    "status": frozenset(IdeaStatus.values) | frozenset(Project.Status.values),
    "kind": frozenset(IdeaKind.values) | frozenset(Project.Kind.values),
    "organisation_kind": frozenset(Organisation.Kind.values),
}
SORTS = ("relevance", "newest", "support")

# Highlight markers: ASCII control characters a person cannot type into a form
# (clean_query removes them), swapped for <mark> after the text is escaped.
MARK_START, MARK_END = "\x02", "\x03"

HAS_WORD = re.compile(r"\w")


def clean_query(raw: str) -> str:
    text = CONTROL.sub(" ", raw or "")
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    # Only punctuation ("*", "\", a lone quote) says nothing to search for.
    return text if HAS_WORD.search(text) else ""


def clean_filters(raw: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Known facets with values that can exist; the rest is ignored."""
    cleaned: dict[str, tuple[str, ...]] = {}
    for name in FACETS:
        values = []
        for value in raw.get(name, [])[:50]:
            value = str(value).strip()
            if name in ID_FACETS:
                number = parse_id(value, maximum=MAX_ID)
                if number is not None:
                    values.append(str(number))
            elif value in CHOICES[name]:
                values.append(value)
        if values:
            cleaned[name] = tuple(dict.fromkeys(values))
    return cleaned


def clean_page(raw: object) -> int:
    page = parse_count(str(raw).strip()) if raw is not None else None
    return min(max(page or 1, 1), 10_000)


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    page: int = 1
    sort: str = "relevance"
    language: str = "sv"

    @classmethod
    def build(
        cls,
        *,
        query: str = "",
        filters: dict[str, list[str]] | None = None,
        page: object = 1,
        sort: str = "",
        language: str = "sv",
    ) -> "SearchRequest":
        text = clean_query(query)
        chosen = sort if sort in SORTS else ("relevance" if text else "newest")
        if chosen == "relevance" and not text:
            chosen = "newest"
        return cls(
            query=text,
            filters=clean_filters(filters or {}),
            page=clean_page(page),
            sort=chosen,
            language="en" if language == "en" else "sv",
        )

    def filters_except(self, facet: str) -> dict[str, tuple[str, ...]]:
        return {k: v for k, v in self.filters.items() if k != facet}


@dataclass
class Hit:
    type: str
    object_id: int
    url: str
    title_html: SafeString
    snippet_html: SafeString
    status: str = ""
    kind: str = ""
    published_at: datetime | None = None
    support_count: int = 0
    comment_count: int = 0
    status_label: str = ""


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""
    selected: bool = False


@dataclass
class SearchResults:
    request: SearchRequest
    hits: list[Hit]
    total: int
    page: int
    facets: dict[str, list[FacetValue]]
    backend: str
    degraded: bool = False
    # More matches than the backend counts exactly: ``total`` is a lower bound
    # and facet counts are for the newest ``total`` matches.
    capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    # What includes/pagination.html reads from a Django page object.
    @property
    def paginator(self) -> "SearchResults":
        return self

    @property
    def num_pages(self) -> int:
        return self.pages

    @property
    def number(self) -> int:
        return self.page

    def has_previous(self) -> bool:
        return self.page > 1

    def has_next(self) -> bool:
        return self.page < self.pages

    def previous_page_number(self) -> int:
        return self.page - 1

    def next_page_number(self) -> int:
        return self.page + 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * PER_PAGE + 1 if self.total else 0


def last_page(total: int, page: int) -> int:
    """Asking past the end shows the last page, not an error."""
    return min(page, max(1, -(-total // PER_PAGE)))


def plain_snippet(body: str) -> str:
    """The start of a text, cut at a word, when nothing in it was highlighted."""
    return body if len(body) <= 240 else body[:240].rsplit(" ", 1)[0] + " …"


def marked_html(text: str) -> SafeString:
    """Escape ``text``, then turn the highlight markers into <mark> elements."""
    escaped = escape(text.replace(MARK_START, "\x00s").replace(MARK_END, "\x00e"))
    html = escaped.replace("\x00s", "<mark>").replace("\x00e", "</mark>")
    # A fragment cut mid-highlight must not leave an open element behind.
    if html.count("<mark>") > html.count("</mark>"):
        html += "</mark>"
    return mark_safe(html)  # noqa: S308 - escaped above, only <mark> added
