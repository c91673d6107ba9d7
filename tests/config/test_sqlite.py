"""The default database of `make run` holds the task worker and the server
writing at once: WAL, a busy timeout and IMMEDIATE transactions."""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from cms.models import District

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite default only"
)


@pytest.mark.django_db
def test_sqlite_connections_use_wal_and_wait_for_a_busy_writer():
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000


@pytest.mark.django_db(transaction=True)
def test_writers_in_several_threads_wait_for_each_other_instead_of_failing():
    """Each writer reads, then holds its transaction open while it writes, as
    a request does while the task worker sends mail. With SQLite's defaults
    (a deferred transaction upgrading its lock) most of them fail at once with
    "database is locked"."""
    errors: list[Exception] = []
    start = threading.Barrier(8)

    def write(n: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                District.objects.count()
                time.sleep(0.05)
                District.objects.create(name=f"Område {n}", slug=f"omrade-{n}")
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert District.objects.filter(slug__startswith="omrade-").count() == 8
