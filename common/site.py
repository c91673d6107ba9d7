"""The address of the site a person is using, for links in e-mail.

A request sets it (``SiteMiddleware``: its scheme, host and port, the host
checked against ALLOWED_HOSTS by ``get_host``), so a notification made while
serving a request links back to the address the person used, a local run on
another port included. Work outside a request (the task worker, the
scheduler) falls back to ``SITE_URL``."""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_current: ContextVar[str] = ContextVar("site_url", default="")


def request_site() -> str:
    """The site of the request being served; empty outside a request."""
    return _current.get()


def site_url(site: str = "") -> str:
    """``site`` (a stored request site), else the current request's, else
    SITE_URL."""
    return site or _current.get() or settings.SITE_URL


class SiteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
