"""The promise "live discussion never loses a message", tried as production
runs it: PostgreSQL, a Redis of the test's own (so it can be stopped), two ASGI
server processes. Two people post to one idea through both servers, a post
every 200 ms each, for CHAOS_SECONDS (30 by default), while

- nothing goes wrong;
- Redis stops for 10 seconds and starts again;
- one server is killed (SIGKILL) and another started in its place.

Three clients speaking the real protocol (docs/realtime.md; what live.js does:
``since`` on every (re)subscribe, a resubscribe on a gap, a reconnect after
three missed heartbeats, to whichever server answers) must each end with every
event of the stream exactly once, in id order, and so must a real browser on
the idea's page with live.js: its discussion ends with every post once, in
order. So must a fourth that trusts
the server alone (no gap check, no heartbeat watch): the server's own ordering
and its heartbeat's catch-up from the log are what it relies on.
"""

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from functools import partial
from pathlib import Path

import pytest
import requests
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections
from django.test import override_settings
from playwright.sync_api import sync_playwright
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from forum.models import Post
from live import events
from tests.browser.fixtures import CHROMIUM_ARGS
from tests.forum.test_scale_out import post_through, signed_in_cookies
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.live_server import (
    SERVER_APPLICATION_NAME,
    close_before_fork,
    start_fresh_in_child,
)
from tests.processes import OwnRedis
from tests.services import CHROMIUM_PATH

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
HOST = "127.0.0.1"
SECONDS = float(os.environ.get("CHAOS_SECONDS", "30"))
HEARTBEAT = 1.0
POST_EVERY = 0.2


class Servers:
    """ASGI server processes (daphne, forked with this process's settings)."""

    def __init__(self, django_db_blocker, mail_dir: Path) -> None:
        self.blocker, self.mail_dir = django_db_blocker, mail_dir
        self.processes: list[DaphneProcess] = []
        self.lock = threading.Lock()

    def start(self) -> DaphneProcess:
        close_before_fork()  # the child is forked
        application = partial(make_application, static_wrapper=ASGIStaticFilesHandler)
        process = DaphneProcess(
            HOST,
            application,
            setup=partial(start_fresh_in_child, self.blocker, self.mail_dir),
        )
        process.start()
        if not process.ready.wait(timeout=30):
            pytest.fail("An ASGI server did not start within 30 seconds.")
        with self.lock:
            self.processes.append(process)
        return process

    def addresses(self) -> list[str]:
        with self.lock:
            return [f"{HOST}:{p.port.value}" for p in self.processes if p.is_alive()]

    def kill(self, process: DaphneProcess) -> None:
        os.kill(process.pid, signal.SIGKILL)
        process.join(timeout=10)
        with self.lock:
            self.processes.remove(process)

    def stop_all(self) -> None:
        for process in list(self.processes):
            process.terminate()
            process.join(timeout=10)
            if process.is_alive():
                os.kill(process.pid, signal.SIGKILL)
                process.join(timeout=10)
        self.wait_for_their_sessions_to_end()

    def wait_for_their_sessions_to_end(self) -> None:
        """Each server held a pool of connections to the test database; the
        database is dropped at the end of the run only once they are gone."""
        deadline = time.monotonic() + 15
        with self.blocker.unblock(), connections["default"].cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name = %s",
                    [SERVER_APPLICATION_NAME],
                )
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(0.2)


class ProtocolClient(threading.Thread):
    """A client as live.js is one: subscribe with ``since``, drop what was
    seen, resubscribe on a gap, reconnect after three missed heartbeats or a
    closed socket, to any server that answers."""

    def __init__(self, servers: Servers, stream: str, *, careful: bool = True) -> None:
        super().__init__(daemon=True)
        self.servers, self.stream, self.careful = servers, stream, careful
        # As a discussion page does: it knows the last id when it is loaded.
        self.last = 0
        self.accepted: list[int] = []
        self.reconnects = 0
        self.done = threading.Event()

    def run(self) -> None:
        turn = 0
        while not self.done.is_set():
            addresses = self.servers.addresses()
            if not addresses:
                time.sleep(0.1)
                continue
            address = addresses[turn % len(addresses)]
            turn += 1
            with suppress(OSError, WebSocketException, TimeoutError):
                self.listen(address)
            self.reconnects += 1
            time.sleep(0.1)

    def subscribe(self, ws) -> None:
        ws.send(
            json.dumps({"type": "subscribe", "stream": self.stream, "since": self.last})
        )

    def listen(self, address: str) -> None:
        with connect(
            f"ws://{address}/ws/", origin=f"http://{address}", open_timeout=3
        ) as ws:
            self.subscribe(ws)
            heard = time.monotonic()
            while not self.done.is_set():
                try:
                    frame = json.loads(ws.recv(timeout=0.5))
                except TimeoutError:
                    if self.careful and time.monotonic() - heard > 3 * HEARTBEAT:
                        return  # a silent socket is a dead one
                    continue
                heard = time.monotonic()
                self.handle(ws, frame)

    def handle(self, ws, frame: dict) -> None:
        if frame["type"] != "event":
            return
        if frame["id"] <= self.last:
            return  # seen already
        if frame["id"] > self.last + 1 and self.careful:
            ws.send(json.dumps({"type": "unsubscribe", "stream": self.stream}))
            self.subscribe(ws)  # the server sends what is missing, in order
            return
        self.last = frame["id"]
        self.accepted.append(frame["id"])


BROWSER_DESCRIPTORS: set[int] = set()


def open_descriptors() -> set[int]:
    return {int(name) for name in os.listdir("/proc/self/fd")}


def close_browser_descriptors_in_child() -> None:
    for descriptor in BROWSER_DESCRIPTORS:
        with suppress(OSError):
            os.close(descriptor)


os.register_at_fork(after_in_child=close_browser_descriptors_in_child)


class BrowserClient:
    """Chromium on the idea's page, with live.js, on the server that is not
    killed (a page cannot move to another origin). Chromium runs the page on
    its own; the test's thread asks Playwright only to open it and, at the end,
    to read it."""

    def __init__(self, address: str, path: str) -> None:
        self.url = f"http://{address}{path}"

    def __enter__(self) -> "BrowserClient":
        # A server forked while the browser runs (the one started after the
        # kill) would hold Playwright's pipes to its driver open, and stopping
        # Playwright waits for them to close: such a child closes them first.
        before = open_descriptors()
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
        )
        BROWSER_DESCRIPTORS.update(open_descriptors() - before)
        self.page = self.browser.new_page()
        self.page.goto(self.url)
        self.page.wait_for_load_state("networkidle")
        return self

    def __exit__(self, *exc: object) -> None:
        self.browser.close()
        self.playwright.stop()
        BROWSER_DESCRIPTORS.clear()

    def read_posts(self, expected: int) -> list[int]:
        """Shows the posts live.js held back (the reader had scrolled away) and
        reads the discussion, until it holds as many as were written."""
        deadline = time.monotonic() + 60
        seen: list[int] = []
        while time.monotonic() < deadline:
            bar = self.page.locator("[data-new-posts-button]")
            if bar.is_visible():
                bar.click()
            seen = self.page.eval_on_selector_all(
                "[data-posts] article[id^='post-']",
                "articles => articles.map(a => Number(a.id.slice(5)))",
            )
            if len(seen) >= expected:
                break
            self.page.wait_for_timeout(250)
        return seen


class Poster(threading.Thread):
    """One person posting every POST_EVERY seconds, through the servers in
    turn; a post a dead server refused is sent to the next one."""

    def __init__(self, servers: Servers, cookies: dict, idea) -> None:
        super().__init__(daemon=True)
        self.servers, self.cookies, self.idea = servers, cookies, idea
        self.posted = 0
        self.done = threading.Event()

    def run(self) -> None:
        turn = 0
        while not self.done.is_set():
            addresses = self.servers.addresses()
            address = addresses[turn % len(addresses)] if addresses else None
            turn += 1
            if address is not None:
                with suppress(requests.RequestException, AssertionError):
                    post_through(address, self.cookies, self.idea, f"Inlägg {turn}")
                    self.posted += 1
            time.sleep(POST_EVERY)


@pytest.fixture
def platform(django_db_blocker, tmp_path) -> Iterator[tuple[OwnRedis, Servers]]:
    redis = OwnRedis(tmp_path)
    redis.start()
    layer = {
        "default": {
            "BACKEND": "config.channel_layer.PubSubChannelLayer",
            "CONFIG": {"hosts": [redis.url]},
        }
    }
    cache = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": redis.url,
        }
    }
    servers = Servers(django_db_blocker, tmp_path)
    # The servers are forked with these settings: their own Redis, a quick
    # heartbeat, and no posting limit for two very busy people.
    with override_settings(
        CHANNEL_LAYERS=layer,
        CACHES=cache,
        LIVE_HEARTBEAT_SECONDS=HEARTBEAT,
        FORUM_POSTS_PER_MINUTE=100_000,
        FORUM_POSTS_PER_HOUR=100_000,
        FORUM_NEW_ACCOUNT_POSTS_PER_MINUTE=100_000,
        FORUM_NEW_ACCOUNT_POSTS_PER_HOUR=100_000,
    ):
        try:
            servers.start()
            servers.start()
            yield redis, servers
        finally:
            servers.stop_all()
            redis.stop()


def inject(fault: str, redis: OwnRedis, servers: Servers) -> None:
    time.sleep(SECONDS / 4)
    if fault == "redis":
        redis.stop()
        time.sleep(10)
        redis.start()
    elif fault == "server":
        servers.kill(servers.processes[0])
        time.sleep(2)
        servers.start()


def post_through_the_fault(fault, redis, servers, idea, clients):
    """Two people post for SECONDS while the fault happens; then the clients
    are given time to catch up. Returns posters, clients, the stream's last id
    and the ids of the posts written."""
    stream = f"idea.{idea.pk}"
    posters = [
        Poster(servers, signed_in_cookies(VerifiedUserFactory()), idea)
        for _ in range(2)
    ]
    for thread in [*clients, *posters]:
        thread.start()
    started = time.monotonic()
    inject(fault, redis, servers)
    time.sleep(max(SECONDS - (time.monotonic() - started), 0))
    for poster in posters:
        poster.done.set()
        poster.join(timeout=15)
    total = events.last_id(stream)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(c.last != total for c in clients):
        time.sleep(0.2)
    for client in clients:
        client.done.set()
        client.join(timeout=10)
    posts = list(
        Post.objects.filter(idea=idea).order_by("pk").values_list("pk", flat=True)
    )
    return posters, clients, total, posts


@pytest.mark.parametrize("fault", ["none", "redis", "server"])
def test_every_client_gets_every_event_exactly_once_in_order(
    platform, fault, locales, monkeypatch
):
    # Playwright keeps an event loop on this thread; the test's own ORM calls
    # are synchronous, between browser steps (as in tests/browser/fixtures.py).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    redis, servers = platform
    idea = IdeaFactory()
    stream = f"idea.{idea.pk}"
    clients = [ProtocolClient(servers, stream) for _ in range(3)]
    clients.append(ProtocolClient(servers, stream, careful=False))
    # The page is read before anything is posted: live.js brings every post.
    with BrowserClient(servers.addresses()[-1], idea.get_absolute_url()) as browser:
        posters, clients, total, posts = post_through_the_fault(
            fault, redis, servers, idea, clients
        )
        shown = browser.read_posts(len(posts))

    posted = sum(p.posted for p in posters)
    assert posted >= SECONDS * 2  # the posts went through, whatever failed
    assert total >= posted  # every post wrote its event (and nothing else did)
    for client in clients:
        assert client.accepted == list(range(1, total + 1)), (
            f"{fault}: {len(client.accepted)} of {total} events, "
            f"{client.reconnects} reconnects"
        )
    assert shown == posts, f"{fault}: the browser shows {len(shown)} of {len(posts)}"
