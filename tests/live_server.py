"""The real ASGI application (HTTP + WebSocket) served by daphne on a free port.

The server runs in a forked process against the test database, so tests that use it
need committed data: ``@pytest.mark.django_db(transaction=True)``.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

import pytest
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


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup, django_db_blocker) -> Iterator[LiveServer]:
    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                pytest.fail("The live server needs a file or server database.")
        # The child is forked: it must not inherit an open database connection.
        connections.close_all()
    application = partial(make_application, static_wrapper=ASGIStaticFilesHandler)
    process = DaphneProcess(HOST, application)
    process.start()
    if not process.ready.wait(timeout=30):
        process.terminate()
        pytest.fail("The live ASGI server did not start within 30 seconds.")
    port = process.port.value
    yield LiveServer(http_url=f"http://{HOST}:{port}", ws_url=f"ws://{HOST}:{port}")
    process.terminate()
    process.join(timeout=10)
