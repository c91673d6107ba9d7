"""Django's HTTP under ASGI, run as a threaded WSGI server runs it.

Every view and middleware of ours is synchronous. Django's own ASGI handler
serves such a request with a new thread per request, the middleware chain in
one hop to it, a hop back to the event loop for the view's turn, another hop
out for the view itself and one more to close the response: under a crowd the
worker spent more time starting threads and passing the GIL between them than
in the view (``bench/hot_idea.py``, ``docs/decisions.md``).

Here a request is read on the event loop, and everything Django does with it
(``request_started``, the middleware chain and view, and ``response.close()``,
which ends with ``request_finished`` and gives the database connection back to
the pool) runs in one call on one of ``HTTP_THREADS`` threads kept for the
process. A response's bytes are then sent from the event loop; a streamed one
(a file, an export) is read and sent from its thread, one chunk at a time as
the client takes them. WebSockets are not served here (``config.asgi``).

A path's view is looked up once per language and kept (``_resolved``): Django
tries the URL patterns in order each time, and an idea's support, behind the
accounts' patterns, cost a tenth of a worker's time in trying them under a crowd
(``bench/hot_idea.py``).
"""

import functools
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.http import HttpResponse
from django.urls import ResolverMatch, URLResolver, get_resolver, set_script_prefix
from django.utils.translation import get_language

# Paths whose view is kept per process (about 1 kB each: 20 MB a worker at
# most); an idea's pages, say, are one path each.
RESOLVED_PATHS = 20_000


class ThreadedHTTPHandler(ASGIHandler):
    def __init__(self) -> None:
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self.executor = ThreadPoolExecutor(
            max_workers=settings.HTTP_THREADS, thread_name_prefix="http"
        )

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Only HTTP is served here, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        # asgiref's thread for a call that need not share one: the thread knows
        # the event loop, so the channel layer's async_to_sync in a view runs on
        # this process's loop and its Redis connections.
        respond = sync_to_async(
            self.respond, thread_sensitive=False, executor=self.executor
        )
        response = await respond(scope, body_file, send)
        if response is not None:
            await self.send_response(response, send)

    def respond(self, scope, body_file, send) -> HttpResponse | None:
        """Django's whole turn with the request, in one thread. A complete
        response is closed here and returned for the loop to send; a streamed
        one is sent from here, and None returned."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        try:
            if request is not None:
                response = self.get_response(request)
                response._handler_class = self.__class__
            if not response.streaming:
                return response
            self.send_streamed(response, async_to_sync(send))
            return None
        finally:
            body_file.close()
            if response is not None:
                response.close()  # request_finished: the connection goes back

    def resolve_request(self, request) -> ResolverMatch:
        """Django's, from what is kept for the path when the request has no
        URLconf of its own (set by a middleware), as ours have not."""
        if hasattr(request, "urlconf"):
            return super().resolve_request(request)
        kept = _resolved(get_resolver(), get_language(), request.path_info)
        request.resolver_match = _own_copy(kept)
        return request.resolver_match

    def send_streamed(self, response: HttpResponse, send) -> None:
        send(self.start_of(response))
        for part in response.streaming_content:
            for chunk, _last in self.chunk_bytes(part):
                send({"type": "http.response.body", "body": chunk, "more_body": True})
        send({"type": "http.response.body"})

    async def send_response(self, response: HttpResponse, send) -> None:
        await send(self.start_of(response))
        for chunk, last in self.chunk_bytes(response.content):
            await send(
                {"type": "http.response.body", "body": chunk, "more_body": not last}
            )

    @classmethod
    def start_of(cls, response: HttpResponse) -> dict:
        return {
            "type": "http.response.start",
            "status": response.status_code,
            "headers": cls.headers_of(response),
        }

    @staticmethod
    def headers_of(response: HttpResponse) -> list[tuple[bytes, bytes]]:
        headers = [
            (
                header.encode("ascii") if isinstance(header, str) else header,
                value.encode("latin1") if isinstance(value, str) else value,
            )
            for header, value in response.items()
        ]
        headers.extend(
            (b"Set-Cookie", cookie.output(header="").encode("ascii").strip())
            for cookie in response.cookies.values()
        )
        return headers


@functools.lru_cache(maxsize=RESOLVED_PATHS)
def _resolved(resolver: URLResolver, language: str | None, path: str) -> ResolverMatch:
    """What the resolver finds for ``path`` in ``language`` (the language prefix
    and translated patterns depend on it). A path found nowhere raises, and is
    not kept. The resolver is part of the key: clearing Django's URL caches (a
    changed ROOT_URLCONF) makes a new one, so nothing kept is found again.

    The patterns tried before the match are not kept: a CMS page's path
    carries a hundred of them (13 kB a path, 250 MB a worker at the limit), and
    only Django's debug page for a path found nowhere shows them."""
    match = resolver.resolve(path)
    match.tried = []
    return match


def _own_copy(match: ResolverMatch) -> ResolverMatch:
    """A match the request may change (a middleware's ``process_view`` is
    given its keyword arguments) without changing the kept one. Django's
    matches refuse ``copy.copy``, as they refuse pickling."""
    own = ResolverMatch.__new__(ResolverMatch)
    own.__dict__.update(match.__dict__)
    own.kwargs = dict(match.kwargs)
    return own
