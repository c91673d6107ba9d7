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
"""

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.http import HttpResponse
from django.urls import set_script_prefix


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
