"""Many people at once must not run the database out of connections.

Production as it runs: two uvicorn workers under production settings, against a
PostgreSQL role that may hold only a few connections (standing in for
``max_connections`` on a busy server). Forty people support one idea at the
same moment while forty more read it. Without a pool every request opens its
own connection and the ones past the limit fail with "too many connections";
with the pool (DATABASE_POOL_MAX_SIZE per worker, within the limit) they wait
their turn and every one succeeds.
"""

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress

import pytest
import requests
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from ideas.models import Support
from tests.forum.test_scale_out import signed_in_cookies
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.processes import HOST, SECRET_KEY, database_url, free_port, production_env

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROLE = "idestad_pool_probe"
ROLE_CONNECTIONS = 7
WORKERS = 2
POOL_PER_WORKER = 3  # 2 workers x 3 = 6, within the role's 7
PEOPLE = 40


@pytest.fixture
def limited_role():
    """A login role limited to ROLE_CONNECTIONS connections, allowed the tables."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {ROLE}" if role_exists(cursor) else "SELECT 1")
        cursor.execute(f"DROP ROLE IF EXISTS {ROLE}")
        cursor.execute(f"CREATE ROLE {ROLE} LOGIN CONNECTION LIMIT {ROLE_CONNECTIONS}")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
    yield ROLE
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
            [ROLE],
        )
        cursor.execute(f"DROP OWNED BY {ROLE}")
        cursor.execute(f"DROP ROLE {ROLE}")


def role_exists(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE])
    return cursor.fetchone() is not None


@pytest.fixture
def production_server(limited_role, tmp_path):
    port = free_port()
    static_root = collect_static(tmp_path)
    env = production_env(
        DATABASE_URL=database_url(limited_role),
        DATABASE_POOL_MAX_SIZE=str(POOL_PER_WORKER),
        DATABASE_POOL_MIN_SIZE="1",
        LOG_LEVEL="ERROR",
        MEDIA_ROOT=str(tmp_path),
        STATIC_ROOT=str(static_root),
    )
    env.pop("REDIS_URL", None)  # the database is what is under test here
    log = tmp_path / "server.log"
    server = subprocess.Popen(  # noqa: S603 - our own server, our own arguments
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],  # fmt: skip
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    address = f"http://{HOST}:{port}"
    try:
        wait_until_ready(address, server, log)
        yield address
    finally:
        sys.stderr.write(log.read_text()[-3000:])  # shown when the test fails
        server.terminate()
        with suppress(subprocess.TimeoutExpired):
            server.wait(timeout=20)
        if server.poll() is None:
            server.kill()


def collect_static(tmp_path):
    """Production serves hashed static files from a manifest: collect them."""
    static_root = tmp_path / "static"
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=production_env(STATIC_ROOT=str(static_root)),
        check=True,
    )
    return static_root


def wait_until_ready(address: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("The server stopped: " + log.read_text()[-2000:])
        with suppress(requests.RequestException):
            if requests.get(address + "/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    pytest.fail("The server did not answer within 60 seconds.")


def test_a_crowd_at_once_gets_answers_not_too_many_connections(
    production_server, locales
):
    idea = IdeaFactory()
    people = VerifiedUserFactory.create_batch(PEOPLE)
    with override_settings(SECRET_KEY=SECRET_KEY):  # the server's
        cookies = [signed_in_cookies(person) for person in people]
    with translation.override("sv"):
        support = production_server + reverse("ideas:support", args=[idea.pk])
        page = production_server + idea.get_absolute_url()

    def support_it(jar: dict) -> int:
        response = requests.post(
            support,
            data={"action": "add", "csrfmiddlewaretoken": jar["csrftoken"]},
            cookies=jar,
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code

    def read_it(_: int) -> int:
        return requests.get(page, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=2 * PEOPLE) as crowd:
        supports = crowd.map(support_it, cookies)
        reads = crowd.map(read_it, range(PEOPLE))
        support_codes, read_codes = list(supports), list(reads)

    assert support_codes == [302] * PEOPLE
    assert read_codes == [200] * PEOPLE
    assert Support.objects.filter(idea=idea).count() == PEOPLE
