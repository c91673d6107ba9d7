"""A small crowd on the default SQLite database: concurrent writers through the
server as ``make run`` starts it, and how many of them fail.

    make prepare          # db.sqlite3 with the demo content
    python bench/sqlite_writers.py [--writes 400] [--concurrency 8]

Runs what ``make run`` runs, on the same ``db.sqlite3`` and the development
settings, with nothing configured (``DATABASE_URL`` and ``REDIS_URL`` are
ignored here): daphne and the task worker beside it, which sends the
notifications of every comment while the server writes. Then ``--writes``
comments by as many signed-in bench people (``bench/http_pages.py`` makes
them) on one open idea, ``--concurrency`` at a time, each a form post on a new
connection; then as many supports of one idea, one per person, and their
withdrawal, so the idea's count ends as it began.

Prints, per phase: requests per second, p50/p95/p99 in milliseconds, errors
(any answer but the expected one: "database is locked" is a 500), and the rows
written beside the answers that said so: they must be equal. Exits non-zero
on any error. The comments and people stay in the database.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# What `make run` has: nothing configured, so SQLite and the in-memory layer.
for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
    os.environ.pop(name, None)

from django.db import connection  # noqa: E402

from bench.hot_idea import untouched_idea  # noqa: E402
from bench.http_pages import (  # noqa: E402 - sets up Django first
    SECRET_KEY,
    People,
    form_post,
    request,
    supportable_ideas,
    sv,
)
from bench.server import HOST, percentile  # noqa: E402
from forum.models import Post  # noqa: E402
from ideas.models import Idea, Support  # noqa: E402

LIMITS = (
    "FORUM_POSTS_PER_MINUTE",
    "FORUM_POSTS_PER_HOUR",
    "FORUM_NEW_ACCOUNT_POSTS_PER_MINUTE",
    "FORUM_NEW_ACCOUNT_POSTS_PER_HOUR",
)


def start_as_make_run(port: int) -> list[subprocess.Popen]:
    """daphne and the task worker, with the environment of `make run` (the
    bench's key, so the sessions made here are valid; posting limits raised
    so that every writer is let through to the database)."""
    environment = {
        **os.environ,
        "SECRET_KEY": SECRET_KEY,
        "STAFF_MFA_REQUIRED": "0",
        "LOG_LEVEL": "WARNING",
        **dict.fromkeys(LIMITS, "1000000"),
    }
    python = sys.executable
    daphne = str(Path(python).with_name("daphne"))
    commands = [
        [python, "manage.py", "task_worker", "--no-reload",
         "--log-level", "WARNING", "--no-startup-delay"],
        [daphne, "--bind", HOST, "--port", str(port), "-v", "0",
         "config.asgi:application"],
    ]  # fmt: skip
    processes = [
        subprocess.Popen(command, env=environment, cwd=ROOT)  # noqa: S603 - ours
        for command in commands
    ]
    for _attempt in range(150):
        try:
            status, _ms = request(port, "GET", "/healthz", {})
            if status == 200:
                return processes
        except OSError:
            pass
        time.sleep(0.2)
    stop(processes)
    raise SystemExit("The server did not start.")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=20)


def crowd(port: int, concurrency: int, count: int, one) -> tuple[list, float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(count)))
    return results, time.perf_counter() - started


def report(label: str, results: list, wall: float, expected: int, written: int):
    times = [ms for status, ms in results if status == expected]
    errors = Counter(status for status, _ms in results if status != expected)
    print(
        f"{label:<16} {len(results) / wall:7.0f} {statistics.median(times):7.1f} "
        f"{percentile(times, 0.95):7.1f} {percentile(times, 0.99):7.1f} "
        f"{sum(errors.values()):>7} {len(times):>6} {written:>8}"
        + (f"   answers: {dict(errors)}" if errors else "")
    )
    return sum(errors.values()) + abs(written - len(times))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8769)
    arguments = parser.parse_args()
    if connection.vendor != "sqlite":
        raise SystemExit("This bench is for the default SQLite database.")
    open_ideas = supportable_ideas(1)
    if not open_ideas:
        raise SystemExit("No demo content: run `make prepare` first.")
    commented = open_ideas[0]
    people = People(arguments.writes)
    supported = untouched_idea(people)
    count = arguments.writes
    comment_path = sv("forum:post_create", "idea", commented)
    support_path = sv("ideas:support", supported)
    print(
        f"SQLite {connection.settings_dict['NAME']}; daphne and the task worker; "
        f"{count} writes per phase, {arguments.concurrency} at a time"
    )
    print(
        f"{'phase':<16} {'per s':>7} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'errors':>7} {'ok':>6} {'written':>8}"
    )

    def comment(index: int):
        _person, key = people.sessions[index]
        headers, body = form_post(key, {"body": f"Skrivare {index} {time.time()}"})
        return request(port, "POST", comment_path, headers, body)

    def support(action: str):
        def one(index: int):
            _person, key = people.sessions[index]
            headers, body = form_post(key, {"action": action}, json=True)
            return request(port, "POST", support_path, headers, body)

        return one

    port = arguments.port
    failed = 0
    posts_before = Post.objects.count()
    supports_before = Support.objects.filter(idea_id=supported).count()
    processes = start_as_make_run(port)
    try:
        results, wall = crowd(port, arguments.concurrency, count, comment)
        written = Post.objects.count() - posts_before
        failed += report("comment", results, wall, 302, written)
        for action in ("add", "withdraw"):
            results, wall = crowd(port, arguments.concurrency, count, support(action))
            now = Support.objects.filter(idea_id=supported).count()
            written = abs(now - supports_before)
            supports_before = now
            failed += report(f"support {action}", results, wall, 200, written)
        stored = Idea.objects.values_list("support_count", flat=True).get(pk=supported)
        counted = Support.objects.filter(idea_id=supported).count()
        print(f"idea {supported}: {counted} supports counted, {stored} stored")
        failed += counted != stored
    finally:
        stop(processes)
    if failed:
        raise SystemExit(f"{failed} writes failed or went uncounted.")


if __name__ == "__main__":
    main()
