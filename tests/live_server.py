"""The real ASGI application (HTTP + WebSocket) served by daphne on a free port.

The server runs in a forked process against the test database, so tests that use it
need committed data: ``@pytest.mark.django_db(transaction=True)``.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import pytest
from asgiref.sync import SyncToAsync
from channels.layers import channel_layers
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections

HOST = "127.0.0.1"


@dataclass(frozen=True)
class LiveServer:
    http_url: str
    ws_url: str

    def url(self, path: str) -> str:
        return self.http_url + path


def start_fresh_in_child(django_db_blocker) -> None:
    """Runs in the forked server process before it serves anything.

    A fork copies state that belongs to the parent:
    - pytest-django's database blocker: lifted, the server must reach the test DB;
    - channel layers an earlier async test built, whose Redis connections belong
      to the parent's event loop: dropped, so the server builds its own;
    - asgiref's shared executor for thread-sensitive sync code (consumers use it),
      whose one worker thread does not exist after a fork: replaced, or every
      database call from a consumer would wait forever.
    """
    django_db_blocker.unblock()
    channel_layers.backends.clear()
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup, django_db_blocker) -> Iterator[LiveServer]:
    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                pytest.fail("The live server needs a file or server database.")
        # The child is forked: it must not inherit an open database connection.
        connections.close_all()
    application = partial(make_application, static_wrapper=ASGIStaticFilesHandler)
    process = DaphneProcess(
        HOST, application, setup=partial(start_fresh_in_child, django_db_blocker)
    )
    process.start()
    if not process.ready.wait(timeout=30):
        process.terminate()
        pytest.fail("The live ASGI server did not start within 30 seconds.")
    port = process.port.value
    yield LiveServer(http_url=f"http://{HOST}:{port}", ws_url=f"ws://{HOST}:{port}")
    process.terminate()
    process.join(timeout=10)
