"""What users get: the public pages and the two commonest writes, through the
production server, at concurrency 1 and 8, beside a static file.

    createdb idestad_bench_100000
    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
        python manage.py migrate && python manage.py seed_demo \\
        && python manage.py seed_load --ideas 100000 --supports 1000000 --posts 50000
    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
        python bench/http_pages.py [--runs 200] [--workers 2] [--afresh] \\
        [--after-a-write]

Starts uvicorn under production settings (``--workers`` processes; posting
limits raised so the writers are not refused) and drives it from this process
with real HTTP requests, each on a new connection, body read: every page
``--runs`` times at concurrency 1, then 8 (``--runs`` split over 8 threads).
Prints p50, p95 and p99 in milliseconds, requests per second, each page's p50
as a multiple of the static file's, and the queries one request makes
(counted in this process through Django's test client, on the same database).
Pages are shared between readers who are not signed in, as in production
(common/shared_pages.py), so a repeated page is timed as the next such reader
gets it until the next write. ``--afresh`` turns that sharing off: every page
is made anew, while what is kept per data version (a goal's counts and lists)
and fragments keyed by what they show are still shared, as between two
writes. ``--after-a-write`` moves the data version before each timed request
(untimed), as a write anywhere on the site would: each page is timed as the
first reader after a write gets it, with everything kept per data version made
again.

The writes are made by bench people (``bench-person-N@load.idestad.example``,
made here with verified addresses and sessions): each supports a different
idea, and comments on one typical idea. They stay in the database.
"""

import argparse
import http.client
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
SECRET_KEY = "bench-http-" + "x" * 40
# The sessions made here are read by the server: both sign with this key.
os.environ["SECRET_KEY"] = SECRET_KEY

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.server import (  # noqa: E402
    HOST,
    database_url,
    percentile,
    start_server,
    static_path,
)
from cms.models import GoalPage  # noqa: E402
from common import data_version  # noqa: E402
from ideas.models import Idea, Support  # noqa: E402
from ideas.supports import SUPPORTABLE_STATUSES, support_withdraw  # noqa: E402

CONCURRENCY = (1, 8)
PEOPLE = "bench-person-{}@load.idestad.example"


def request(port: int, method: str, path: str, headers: dict, body: str = ""):
    """Status and milliseconds for one complete response, body read."""
    connection_ = http.client.HTTPConnection(HOST, port, timeout=60)
    started = time.perf_counter()
    connection_.request(method, path, body=body or None, headers=headers)
    response = connection_.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection_.close()
    if "/login/" in (response.getheader("Location") or ""):
        return 401, elapsed  # not signed in after all: not what is measured
    return response.status, elapsed


class People:
    """Signed-in bench people, each used for one write."""

    def __init__(self, count: int) -> None:
        self.sessions = [_session(person) for person in _people(count)]
        self._next = 0
        self._lock = threading.Lock()

    def take(self) -> tuple[User, str]:
        with self._lock:
            taken = self.sessions[self._next % len(self.sessions)]
            self._next += 1
        return taken


def _people(count: int) -> list[User]:
    emails = [PEOPLE.format(n) for n in range(count)]
    have = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    joined = timezone.now() - timezone.timedelta(days=60)
    User.objects.bulk_create(
        User(email=email, display_name=f"Bänkperson {n}", date_joined=joined)
        for n, email in enumerate(emails)
        if email not in have
    )
    people = list(User.objects.filter(email__in=emails).order_by("pk"))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=p, email=p.email, verified=True, primary=True)
            for p in people
        ],
        ignore_conflicts=True,
    )
    return people


def _session(person: User) -> tuple[User, str]:
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.EmailAuthenticationBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    return person, session.session_key


def form_post(session_key: str, body: dict, json: bool = False) -> tuple[dict, str]:
    """Headers and body of a signed-in form post (an unmasked CSRF secret as
    both cookie and field, which Django accepts)."""
    token = secrets.token_hex(16)
    headers = {
        "Cookie": f"sessionid={session_key}; csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if json:
        headers["Accept"] = "application/json"
    return headers, urlencode({**body, "csrfmiddlewaretoken": token})


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def pages() -> list[tuple[str, str]]:
    goal = GoalPage.objects.live().filter(locale__language_code="sv").first()
    visible = Idea.objects.visible()
    typical = visible.filter(support_count__gt=0).order_by("-published_at")[500]
    commented = visible.order_by("-comment_count").first()
    with translation.override("sv"):
        return [
            ("home", "/sv/"),
            ("ideas", sv("ideas:list")),
            ("ideas, most supported in a goal",
             f"{sv('ideas:list')}?sort=most_supported&goal={goal.pk}"),
            ("ideas, page 500", f"{sv('ideas:list')}?page=500"),
            ("goal page", goal.url),
            ("idea, typical", typical.get_absolute_url()),
            (f"idea, {commented.comment_count} comments",
             commented.get_absolute_url()),
            ("search ?q=stad", f"{sv('search:search')}?q=stad"),
        ]  # fmt: skip


def supportable_ideas(count: int) -> list[int]:
    return list(
        Idea.objects.visible()
        .filter(status__in=SUPPORTABLE_STATUSES, challenge__isnull=True)
        .order_by("-pk")
        .values_list("pk", flat=True)[:count]
    )


def queries_of(
    method: str, path: str, person: User | None = None, expected: int = 200, **data
) -> int:
    client = Client()
    if person is not None:
        client.force_login(person)
    with CaptureQueriesContext(connection) as counted:
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data, HTTP_ACCEPT="application/json")
    if response.status_code != expected:  # a refusal costs fewer queries
        raise SystemExit(f"{method} {path} answered {response.status_code}")
    return len(counted)


def measure(
    concurrency: int, runs: int, one, expected: int = 200
) -> tuple[list[float], float]:
    """Run ``one(i)`` (returns status, ms) ``runs`` times on ``concurrency``
    threads; the times and the requests per second."""
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(runs)))
    wall = time.perf_counter() - started
    for status, _elapsed in results:
        if status != expected:
            raise SystemExit(f"answered {status}, not {expected}")
    return [elapsed for _status, elapsed in results], runs / wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument(
        "--afresh",
        action="store_true",
        help="every page made anew (PAGE_CACHE_SECONDS=0): the first reader "
        "after a change",
    )
    parser.add_argument(
        "--after-a-write",
        action="store_true",
        help="the data version moves before each request, as after a write",
    )
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database with load data.")
    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE_SECONDS = 0  # queries are counted as a page is made
    runs = arguments.runs
    writes = runs * len(CONCURRENCY) + 10
    people = People(writes)
    ideas = supportable_ideas(writes)
    commented = Idea.objects.get(pk=ideas[-1])
    comment_path = sv("forum:post_create", "idea", commented.pk)
    cases = [(label, "GET", path) for label, path in pages()]
    print(
        f"{Idea.objects.count()} ideas, {Support.objects.count()} supports, "
        f"{runs} requests per case, {arguments.workers} server worker(s), "
        f"pages {'made afresh' if arguments.afresh else 'shared'}"
        f"{', each after a write' if arguments.after_a_write else ''}"
    )
    limits = dict.fromkeys(
        (
            "FORUM_POSTS_PER_MINUTE",
            "FORUM_POSTS_PER_HOUR",
            "FORUM_NEW_ACCOUNT_POSTS_PER_MINUTE",
            "FORUM_NEW_ACCOUNT_POSTS_PER_HOUR",
        ),
        "1000000",
    )
    for name, value in limits.items():  # the comment counted here, too
        setattr(settings, name, int(value))
    with tempfile.TemporaryDirectory() as static_root:
        server = start_server(
            arguments.port,
            static_root,
            secret_key=SECRET_KEY,
            database=database_url(connection.settings_dict),
            workers=arguments.workers,
            PAGE_CACHE_SECONDS="0" if arguments.afresh else "30",
            **limits,
        )
        try:
            static = static_path(static_root)
            cases.append(("static file (floor)", "GET", static))
            report(
                arguments.port, cases, runs, people, ideas, comment_path,
                after_a_write=arguments.after_a_write,
            )  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=10)


def report(
    port, cases, runs, people, ideas, comment_path, *, after_a_write: bool = False
) -> None:
    counted = {label: queries_of("GET", path) for label, _method, path in cases[:-1]}
    person, _key = people.take()
    counted_idea = Idea.objects.get(pk=ideas[-2])
    support_withdraw(actor=person, idea=counted_idea)  # counted by an earlier run
    counted["POST support"] = queries_of(
        "POST", sv("ideas:support", counted_idea.pk), person, action="add"
    )
    counted["POST comment"] = queries_of(
        "POST", comment_path, person, body=f"Mätt kommentar {time.time()}."
    )
    supported = iter(ideas[:-2])
    lock = threading.Lock()

    def support(_i: int):
        _person, key = people.take()
        with lock:
            idea = next(supported)
        headers, body = form_post(key, {"action": "add"}, json=True)
        return request(port, "POST", sv("ideas:support", idea), headers, body)

    def comment(i: int):
        _person, key = people.take()
        headers, body = form_post(key, {"body": f"Bänkkommentar {i} {time.time()}"})
        return request(port, "POST", comment_path, headers, body)

    def get(path: str):
        if after_a_write and path not in static_paths:
            data_version.bump()  # untimed: the request is timed on its own
        return request(port, "GET", path, {})

    static_paths = {path for label, _method, path in cases if "static" in label}
    rows = []
    floor = {}
    for concurrency in CONCURRENCY:
        for label, _method, path in cases:
            for _warm in range(3):
                request(port, "GET", path, {})
            samples, rate = measure(concurrency, runs, lambda _i, p=path: get(p))
            rows.append((concurrency, label, samples, rate))
        # A support asked for JSON answers 200; a comment redirects to itself.
        for label, one, expected in (
            ("POST support", support, 200),
            ("POST comment", comment, 302),
        ):
            samples, rate = measure(concurrency, runs, one, expected)
            rows.append((concurrency, label, samples, rate))
        static = [s for c, name, s, _r in rows if c == concurrency and "static" in name]
        floor[concurrency] = statistics.median(static[0])
    print(
        f"{'c':>2} {'request':<36} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'req/s':>7} {'×static':>8} {'queries':>7}"
    )
    for concurrency, label, samples, rate in rows:
        p50 = statistics.median(samples)
        print(
            f"{concurrency:>2} {label:<36} {p50:7.1f} "
            f"{percentile(samples, 0.95):7.1f} {percentile(samples, 0.99):7.1f} "
            f"{rate:7.0f} {p50 / floor[concurrency]:7.1f}× "
            f"{counted.get(label, ''):>7}"
        )


if __name__ == "__main__":
    main()
