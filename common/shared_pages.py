"""Public pages shared by everyone who is not signed in, under the data version.

Most readers are not signed in, and each of them is shown the same bytes for
the same address: the page depends on the data, the address (language, filters
and page number included) and nothing of the reader. So such a page is kept in
the shared cache under the data version (common/data_version.py), which moves
after every committed write to what the public sees: a new support, comment,
status or edit is on the very next page served, never a stale copy. Between
writes a page costs two cache reads instead of its queries and rendering.

Only a page that cannot depend on the reader is shared:

- asked for with GET, on the public site (under a language prefix), with no
  session or message cookie (a session may be a signed-in person's; a message
  is shown once, to one reader) and not asking for JSON;
- answered 200, not streamed, setting no cookie (a page that used the CSRF
  token sets one: it holds a form tied to that reader) and not marked private.

A page is kept from its second reader on: the first leaves only a mark of the
address. Addresses nobody asks for twice (a crawler's, or someone's making up
query strings to fill the cache) cost a few bytes each, not a page.

What no write changes is bounded by ``PAGE_CACHE_SECONDS`` (30 s): a challenge
phase that opens at noon, or a change made by hand in psql. While the cache is
away, or with the setting at 0, every page is made afresh.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from common import data_version

# A page larger than this is made each time rather than filling the cache.
LARGEST = 1_000_000
PRIVATE = ("private", "no-store", "no-cache")
ASKED_ONCE = "asked once"  # what the first reader of an address leaves


class SharedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        shareable = self.shareable(request)
        key = data_version.address_key("page", request) if shareable else None
        if key is None:
            return self.get_response(request)
        stored = cache.get(key)
        if stored is not None and stored != ASKED_ONCE:
            return _from_store(stored)
        response = self.get_response(request)
        if not _keepable(response):
            return response
        seconds = settings.PAGE_CACHE_SECONDS
        if stored is None:
            cache.add(key, ASKED_ONCE, seconds)
        else:
            cache.set(key, _to_store(response), seconds)
        return response

    def shareable(self, request: HttpRequest) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and request.path.startswith(self.prefixes)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and "Authorization" not in request.headers
            and "application/json" not in request.headers.get("Accept", "")
        )


def _keepable(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in PRIVATE)
        and len(response.content) <= LARGEST
    )


def _to_store(response: HttpResponse) -> tuple[bytes, list[tuple[str, str]]]:
    return response.content, list(response.headers.items())


def _from_store(stored: tuple[bytes, list[tuple[str, str]]]) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response
