"""The HTTP handler of the ASGI application (config/http.py), driven as a
server drives it: a scope, the request's body messages, and every message it
sends back, on a real event loop, against the real database."""

import asyncio
import json
import secrets
import threading
from urllib.parse import urlencode

import pytest
from channels.layers import get_channel_layer
from django.contrib.staticfiles import finders
from django.core import signals
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import Resolver404, reverse
from django.utils import translation

from config.http import ThreadedHTTPHandler, _resolved
from ideas.models import Idea
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory


def _scope(method: str, path: str, headers: dict[str, str] | None = None) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (name.lower().encode(), value.encode())
            for name, value in {"host": "testserver", **(headers or {})}.items()
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


async def _serve(app, scope: dict, body: bytes = b"", chunk: int = 0) -> list[dict]:
    """Every message the application sends for one request; the body arrives
    in pieces of ``chunk`` bytes when given."""
    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)] if chunk else []
    messages = [
        {"type": "http.request", "body": piece, "more_body": True} for piece in pieces
    ] + [{"type": "http.request", "body": b"" if chunk else body, "more_body": False}]
    sent: list[dict] = []

    async def receive() -> dict:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)  # the client waits for the answer
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _answer(sent: list[dict]) -> tuple[int, dict[bytes, bytes], bytes]:
    start = sent[0]
    assert start["type"] == "http.response.start"
    assert sent[-1].get("more_body", False) is False
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], dict(start["headers"]), body


def _support_post(idea: Idea) -> tuple[dict, bytes]:
    """The scope and body of a new person's signed-in support of ``idea``,
    asking for JSON (an unmasked CSRF secret as cookie and field)."""
    client = Client()
    client.force_login(VerifiedUserFactory())
    token = secrets.token_hex(16)
    body = urlencode({"action": "add", "csrfmiddlewaretoken": token}).encode()
    with translation.override("sv"):
        path = reverse("ideas:support", args=[idea.pk])
    headers = {
        "cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}",
        "content-type": "application/x-www-form-urlencoded",
        "content-length": str(len(body)),
        "accept": "application/json",
    }
    return _scope("POST", path, headers), body


@pytest.fixture
def app():
    handler = ThreadedHTTPHandler()
    yield handler
    handler.executor.shutdown()


@pytest.mark.django_db(transaction=True)
def test_a_page_is_answered_and_its_connection_given_back(app):
    finished: list[str] = []

    def on_finished(**kwargs: object) -> None:
        finished.append(threading.current_thread().name)

    signals.request_finished.connect(on_finished)
    try:
        sent = asyncio.run(_serve(app, _scope("GET", "/healthz")))
    finally:
        signals.request_finished.disconnect(on_finished)
    status, headers, body = _answer(sent)
    assert status == 200
    assert headers[b"Content-Type"] == b"application/json"
    assert json.loads(body)["status"] == "ok"
    # Closed in the request's own thread, one of the handler's, so that
    # thread's database connection went back when the request ended.
    assert len(finished) == 1
    assert finished[0].startswith("http")


@pytest.mark.django_db(transaction=True)
def test_a_form_post_in_pieces_is_read_whole(app):
    """A signed-in support sent in three pieces of body: the view reads all of
    it (the action, the CSRF token) and the support is written and counted."""
    idea = IdeaFactory()
    scope, body = _support_post(idea)
    sent = asyncio.run(_serve(app, scope, body, chunk=len(body) // 3))
    status, _headers, answer = _answer(sent)
    assert status == 200, answer
    assert json.loads(answer)["support_count"] == 1
    assert Idea.objects.get(pk=idea.pk).support_count == 1


@pytest.mark.django_db(transaction=True)
def test_a_view_broadcasts_on_the_servers_own_event_loop(app):
    """A view's broadcast reaches a listener on the loop that serves the
    request, as the live pages need: handed to that loop with ``async_to_sync``
    (the in-memory layer), or published from the request's thread (Redis)."""
    idea = IdeaFactory()
    scope, body = _support_post(idea)

    async def listen_and_post() -> dict:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(f"stream.idea.{idea.pk}", channel)
        try:
            status, _headers, _body = _answer(await _serve(app, scope, body))
            assert status == 200
            return await asyncio.wait_for(layer.receive(channel), timeout=5)
        finally:
            await layer.group_discard(f"stream.idea.{idea.pk}", channel)

    message = asyncio.run(listen_and_post())
    assert message["frame"]["event"] == "idea.support_count"
    assert message["frame"]["data"] == {"support_count": 1}


def test_a_streamed_file_is_sent_in_chunks_as_read(app, tmp_path, settings):
    """A file response (here a static file) is read and sent from its thread
    in chunks, then closed; the bytes arrive whole and in order."""
    static = tmp_path / "static"
    static.mkdir()
    content = secrets.token_bytes(3 * ThreadedHTTPHandler.chunk_size + 17)
    (static / "big.bin").write_bytes(content)
    settings.STATICFILES_DIRS = [static]
    finders.get_finder.cache_clear()
    handler = ThreadedHTTPHandler()  # whitenoise reads the folders at start
    try:
        sent = asyncio.run(_serve(handler, _scope("GET", "/static/big.bin")))
    finally:
        handler.executor.shutdown()
        finders.get_finder.cache_clear()
    status, _headers, body = _answer(sent)
    assert status == 200
    assert body == content
    assert len(sent) > 3  # the start, several chunks, the end


def test_anything_but_http_is_refused(app):
    with pytest.raises(ValueError, match="Only HTTP"):
        asyncio.run(app({"type": "websocket"}, None, None))


@pytest.mark.django_db(transaction=True)
def test_an_error_is_answered_and_the_handler_goes_on(app):
    """A request Django refuses (a POST without its CSRF token) is answered;
    the next is served."""
    status, _h, _b = _answer(asyncio.run(_serve(app, _scope("POST", "/healthz"))))
    assert status == 403
    connection.close()
    status, _h, _b = _answer(asyncio.run(_serve(app, _scope("GET", "/healthz"))))
    assert status == 200


def _resolve(app, path: str, language: str):
    request = RequestFactory().get(path)
    with translation.override(language):
        return app.resolve_request(request), request


def test_a_paths_view_is_looked_up_once_per_language(app):
    kept_before = _resolved.cache_info()
    first, request = _resolve(app, "/sv/ideas/41/support/", "sv")
    again, _request = _resolve(app, "/sv/ideas/41/support/", "sv")
    assert request.resolver_match is first
    assert (first.url_name, first.kwargs) == ("support", {"pk": 41})
    assert (again.url_name, again.kwargs) == ("support", {"pk": 41})
    assert again.tried == []  # the patterns tried before are not kept (memory)
    kept = _resolved.cache_info()
    assert kept.hits == kept_before.hits + 1
    assert kept.misses == kept_before.misses + 1
    # Translated paths are found in their own language only.
    swedish, _request = _resolve(app, "/sv/mitt-deltagande/", "sv")
    english, _request = _resolve(app, "/en/my-participation/", "en")
    assert swedish.func.view_class is english.func.view_class
    elsewhere, _request = _resolve(app, "/en/mitt-deltagande/", "en")
    assert elsewhere.url_name != english.url_name  # a CMS page's path
    # The language prefix is the active language's: kept per language.
    with pytest.raises(Resolver404):
        _resolve(app, "/sv/ideas/41/support/", "en")


def test_a_path_found_nowhere_is_not_kept(app):
    kept_before = _resolved.cache_info().currsize
    path = f"/api/v1/{secrets.token_hex(8)}/nowhere/"
    for _attempt in range(2):
        with pytest.raises(Resolver404):
            _resolve(app, path, "sv")
    assert _resolved.cache_info().currsize == kept_before


def test_what_a_request_changes_in_its_match_stays_its_own(app):
    """A middleware's ``process_view`` is given the match's keyword arguments."""
    first, _request = _resolve(app, "/sv/ideas/42/", "sv")
    first.kwargs["pk"] = 99
    again, _request = _resolve(app, "/sv/ideas/42/", "sv")
    assert again.kwargs == {"pk": 42}


def test_a_new_urlconf_is_resolved_afresh(app, settings):
    """Django clears its URL caches when ROOT_URLCONF changes; what was kept
    under the old resolver is not found under the new one."""
    before, _request = _resolve(app, "/healthz", "sv")
    assert before.url_name == "healthz"
    settings.ROOT_URLCONF = "tests.config.urls_elsewhere"
    with pytest.raises(Resolver404):
        _resolve(app, "/healthz", "sv")
    assert _resolve(app, "/elsewhere/", "sv")[0].url_name == "elsewhere"
