"""The real ASGI application (HTTP + WebSocket) served by daphne on a free port.

The server runs in a forked process against the test database, so tests that use it
need committed data: ``@pytest.mark.django_db(transaction=True)``.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email import message_from_string
from email.message import EmailMessage
from email.policy import default as default_policy
from functools import partial
from pathlib import Path

import pytest
from asgiref.sync import SyncToAsync
from channels.layers import channel_layers
from channels.testing.live import make_application
from daphne.testing import DaphneProcess
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.signals import request_started
from django.db import connections

HOST = "127.0.0.1"
SERVER_APPLICATION_NAME = "idestad-test-server"


@dataclass(frozen=True)
class LiveServer:
    http_url: str
    ws_url: str
    mail_dir: Path

    def url(self, path: str) -> str:
        return self.http_url + path

    def mails_to(self, address: str) -> list[EmailMessage]:
        """Messages the server sent to ``address``, oldest first."""
        found = []
        for path in sorted(
            self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime
        ):
            for raw in path.read_text().split("-" * 79):
                message = message_from_string(raw.strip(), policy=default_policy)
                if address in str(message.get("To", "")):
                    found.append(message)
        return found


def close_before_fork() -> None:
    """A forked child must not inherit database connections, nor a connection
    pool whose worker threads do not exist after a fork: the parent closes
    both (each side opens new ones when it next needs them)."""
    connections.close_all()
    for connection in connections.all():
        if hasattr(connection, "close_pool"):
            connection.close_pool()


def start_fresh_in_child(django_db_blocker, mail_dir: Path) -> None:
    """Runs in the forked server process before it serves anything.

    A fork copies state that belongs to the parent:
    - pytest-django's database blocker: lifted, the server must reach the test DB;
    - channel layers an earlier async test built, whose Redis connections belong
      to the parent's event loop: dropped, so the server builds its own;
    - asgiref's shared executor for thread-sensitive sync code (consumers use it),
      whose one worker thread does not exist after a fork: replaced, or every
      database call from a consumer would wait forever;
    - the in-memory test outbox: replaced by files in ``mail_dir``;
    - content type ids cached per process: forgotten at every request.

    Its PostgreSQL connections are named ``SERVER_APPLICATION_NAME``, so a test
    can wait for them to be gone (the test database is dropped only then).
    """
    django_db_blocker.unblock()
    if connections["default"].vendor == "postgresql":
        options = connections["default"].settings_dict.setdefault("OPTIONS", {})
        options["application_name"] = SERVER_APPLICATION_NAME
    channel_layers.backends.clear()
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    # Mail goes to files the test can read: Django's own file backend, in place
    # of the in-memory outbox that only this process could see.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mail_dir)
    # Transactional tests flush the database between tests, and content types come
    # back with new ids; the server must not keep ids it cached from an earlier test.
    request_started.connect(forget_content_types, weak=False)


def forget_content_types(**kwargs: object) -> None:
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def asgi_live_server(
    django_db_setup, django_db_blocker, tmp_path_factory
) -> Iterator[LiveServer]:
    mail_dir = tmp_path_factory.mktemp("live-server-mail")
    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                pytest.fail("The live server needs a file or server database.")
        close_before_fork()
    application = partial(make_application, static_wrapper=ASGIStaticFilesHandler)
    process = DaphneProcess(
        HOST,
        application,
        setup=partial(start_fresh_in_child, django_db_blocker, mail_dir),
    )
    process.start()
    if not process.ready.wait(timeout=30):
        process.terminate()
        pytest.fail("The live ASGI server did not start within 30 seconds.")
    port = process.port.value
    yield LiveServer(
        http_url=f"http://{HOST}:{port}",
        ws_url=f"ws://{HOST}:{port}",
        mail_dir=mail_dir,
    )
    process.terminate()
    process.join(timeout=10)
