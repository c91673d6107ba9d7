"""A hot idea under a crowd: many people support one idea at once, through the
production server, and the count stays exact.

    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
        python bench/hot_idea.py [--people 400] [--concurrency 32] [--workers 2]
                                 [--kill-a-worker]

Starts uvicorn under production settings and has ``--people`` signed-in bench
people (made as in ``bench/http_pages.py``) support one open idea, each with
one JSON POST on a new connection, ``--concurrency`` at a time (requests made
before the clock starts, sent and read on plain sockets, so that the crowd
takes little of the cores it shares with the server); then all of
them withdraw again, so the idea ends as it began and the bench can be rerun.
Prints supports per second, p50/p95/p99 in milliseconds, refusals, the
processor time the server (all its workers) and PostgreSQL (when it runs on
this machine) used per support, and after each phase the supports counted in
the table beside the count stored on the idea: they must be equal. At the
end the task worker runs what the supports queued (a popular idea's count
reaches search once a window, search/counts.py) and the count in search must
equal them too. Requests
per second move with whatever else the machine runs; processor time per
support much less, so compare changes by it.

With ``--kill-a-worker``, one server worker is killed with SIGKILL a second
into each phase (uvicorn starts another): the requests it held get no answer
and count as refused, and the counts must still be exact.
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.http_pages import (  # noqa: E402 - sets up Django first
    SECRET_KEY,
    People,
    form_post,
    supportable_ideas,
    sv,
)
from bench.server import (  # noqa: E402
    cpu_seconds,
    database_url,
    local_postgres_pid,
    percentile,
    request_bytes,
    send_whole,
    start_server,
)
from ideas.models import Idea, Support  # noqa: E402
from search.models import EntryType, SearchEntry  # noqa: E402


def crowd(port: int, people: People, idea: int, action: str, concurrency: int):
    """Every person posts ``action`` once; statuses, times and the wall time."""
    path = sv("ideas:support", idea)
    posts = [
        request_bytes("POST", path, *form_post(key, {"action": action}, json=True))
        for _person, key in people.sessions
    ]

    def one(index: int) -> tuple[int, float]:
        status, headers, elapsed = send_whole(port, posts[index])
        if "/login/" in headers.get("location", ""):
            return 401, elapsed  # not signed in after all: not what is measured
        return status, elapsed

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(len(people.sessions))))
    return results, time.perf_counter() - started


def untouched_idea(people: People) -> int:
    """An open idea none of the bench people support yet."""
    crowd_ = [person.pk for person, _key in people.sessions]
    supported = set(
        Support.objects.filter(user_id__in=crowd_).values_list("idea_id", flat=True)
    )
    return next(pk for pk in supportable_ideas(1000) if pk not in supported)


def exact(idea: int) -> tuple[int, int]:
    """Supports in the table and the count stored on the idea."""
    stored = Idea.objects.values_list("support_count", flat=True).get(pk=idea)
    return Support.objects.filter(idea_id=idea).count(), stored


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8768)
    parser.add_argument("--kill-a-worker", action="store_true")
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database with load data.")
    people = People(arguments.people)
    idea = untouched_idea(people)
    before, _stored = exact(idea)
    print(
        f"idea {idea} with {before} supports; {arguments.people} people, "
        f"{arguments.concurrency} connections, {arguments.workers} server worker(s)"
    )
    print(
        f"{'phase':<10} {'per s':>7} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'refused':>7} {'server':>7} {'db':>7} {'counted':>8} {'stored':>8}"
    )
    print(f"{'':<10} {'':>7}" + f" {'ms':>7}" * 3 + f" {'':>7}" + f" {'ms/req':>7}" * 2)
    database = local_postgres_pid(connection)
    with tempfile.TemporaryDirectory() as static_root:
        server = start_server(
            arguments.port,
            static_root,
            secret_key=SECRET_KEY,
            database=database_url(connection.settings_dict),
            workers=arguments.workers,
        )
        try:
            for action in ("add", "withdraw"):
                server_before, database_before = (
                    _processor(server.pid),
                    _processor(database),
                )
                if arguments.kill_a_worker:
                    threading.Timer(1.0, kill_a_worker, [server.pid]).start()
                results, wall = crowd(
                    arguments.port, people, idea, action, arguments.concurrency
                )
                server_used = _per_request(
                    server_before, _processor(server.pid), len(results)
                )
                database_used = _per_request(
                    database_before, _processor(database), len(results)
                )
                times = [elapsed for status, elapsed in results if status == 200]
                counted, stored = exact(idea)
                print(
                    f"{action:<10} {len(results) / wall:7.0f} "
                    f"{statistics.median(times):7.1f} {percentile(times, 0.95):7.1f} "
                    f"{percentile(times, 0.99):7.1f} {len(results) - len(times):>7} "
                    f"{server_used:>7} {database_used:>7} "
                    f"{counted:>8} {stored:>8}"
                )
                if counted != stored:
                    raise SystemExit(f"The count is wrong: {counted} ≠ {stored}.")
        finally:
            server.terminate()
            server.wait(timeout=10)
    in_search(idea)


def in_search(idea: int) -> None:
    """The idea's count in search once the task worker has copied it (a
    popular idea's is copied once a window, search/counts.py): it must be the
    idea's."""
    time.sleep(settings.SEARCH_COUNT_SECONDS + 0.2)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    entry = SearchEntry.objects.filter(type=EntryType.IDEA, object_id=idea).first()
    counted, _stored = exact(idea)
    if entry is None:
        print("the idea has no search entry: run search_rebuild first")
        return
    print(f"in search after the task worker: {entry.support_count} ({counted} rows)")
    if entry.support_count != counted:
        raise SystemExit(f"Search's count is wrong: {entry.support_count} ≠ {counted}.")


def kill_a_worker(server_pid: int) -> None:
    """SIGKILL to the server's first worker process, as a crash would."""
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text()
    workers = [int(pid) for pid in children.split()]
    # uvicorn's first child may be multiprocessing's resource tracker; its
    # workers run the spawn entry point.
    for pid in workers:
        if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, signal.SIGKILL)
            print(f"(killed worker {pid})", flush=True)
            return


def _processor(pid: int | None) -> float | None:
    return None if pid is None else cpu_seconds(pid)


def _per_request(before: float | None, after: float | None, requests: int) -> str:
    if before is None or after is None:
        return "–"
    return f"{(after - before) * 1000 / requests:.2f}"


if __name__ == "__main__":
    main()
