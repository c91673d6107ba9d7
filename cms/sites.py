"""The Wagtail site and site settings of a request, kept in the process under
the navigation version instead of read from the database on every request.

Wagtail finds a request's site with a query (and its settings with another)
on every request that asks: about a tenth of a page's time. Both change only
when a site, its settings or the page tree change, which bump the navigation
version (cms.navigation.connect); the process keeps what it read under that
version, and each caller gets its own copy. Still read only when asked: the
open API never asks.
"""

import copy
from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site

from cms import navigation

T = TypeVar("T")

_kept: dict[tuple, object] = {}
_find_site_uncached = Site._find_for_request


def kept(key: tuple, read: Callable[[], T]) -> T:
    """``read()``, once per process and navigation version; a copy each time."""
    current = navigation.version()
    key = (*key, current)
    if key not in _kept:
        if len(_kept) > 64:
            # Older versions' entries are unreachable now; the current one's
            # stay (emptying them all made the next request read its site).
            for old in [k for k in _kept if k[-1] != current]:
                del _kept[old]
        _kept[key] = read()
    return copy.copy(_kept[key])  # type: ignore[return-value]


def find_site(request: HttpRequest) -> Site | None:
    """Wagtail's ``Site._find_for_request``, kept (``install``)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    return kept(
        ("site", hostname, request.get_port()),
        lambda: _find_site_uncached(request),
    )


def install() -> None:
    """Have Wagtail's ``Site.find_for_request`` (which keeps its answer on
    the request) ask ``find_site`` instead of the database."""
    Site._find_for_request = staticmethod(find_site)
