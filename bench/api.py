"""The read API, feeds and open-data pages on volume data, through a real server.

    createdb idestad_bench_100000
    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
        python manage.py migrate && python manage.py seed_demo \\
        && python manage.py seed_load --ideas 100000 --supports 1000000 --posts 50000
    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
    REDIS_URL=redis://127.0.0.1:6379/0 python bench/api.py [--runs 200]

Starts uvicorn under production settings (one worker; the rate limit raised so
the client is not throttled) and times complete HTTP responses from a client
process: the list endpoints (first page, filtered, a page deep behind the
cursor), the object endpoints, a conditional GET answered 304, the feeds and
the follow-up page, and a static file from the same server as the floor.
Prints p50, p95 and max in milliseconds, with the numbers of ideas and supports.

The API's answers are shared through the cache under the data version
(opendata/api.py), and the feeds and pages as shared pages
(common/shared_pages.py), so a repeated request is what most readers get
between two changes; ``--afresh`` turns both off (``API_CACHE_SECONDS=0``,
``PAGE_CACHE_SECONDS=0``) and times what the first reader after a change gets.
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.server import (  # noqa: E402
    HOST,
    database_url,
    get,
    percentile,
    start_server,
    static_path,
)
from cms.models import District, GoalPage  # noqa: E402
from ideas.models import Idea, Project, Support  # noqa: E402

SECRET_KEY = "bench-api-" + "x" * 40


def read_json(port: int, path: str) -> tuple[dict, str]:
    connection_ = http.client.HTTPConnection(HOST, port, timeout=30)
    connection_.request("GET", path)
    response = connection_.getresponse()
    body = json.loads(response.read())
    etag = response.getheader("ETag") or ""
    connection_.close()
    return body, etag


def deep_page(port: int, pages: int) -> str:
    """The address of the list's page ``pages`` deep, by following ``next``."""
    path = "/api/v1/ideas/"
    for _page in range(pages):
        body, _etag = read_json(port, path)
        parts = urlsplit(body["next"])
        path = f"{parts.path}?{parts.query}"
    return path


def cases(port: int) -> list[tuple[str, str, dict]]:
    goal = GoalPage.objects.filter(locale__language_code="sv").first()
    district = District.objects.first()
    idea = Idea.objects.visible().order_by("-support_count").first()
    project = Project.objects.order_by("pk").first()
    _body, etag = read_json(port, f"/api/v1/ideas/{idea.pk}/")
    year = timezone.localdate().year
    none = {}
    # (label, path, request headers)
    return [
        ("list: ideas, first page", "/api/v1/ideas/", none),
        ("list: ideas, goal + district",
         f"/api/v1/ideas/?goal={goal.pk}&district={district.slug}", none),
        ("list: ideas, status accepted", "/api/v1/ideas/?status=accepted", none),
        ("list: ideas, 20 pages deep", deep_page(port, 20), none),
        ("list: ideas, limit 200", "/api/v1/ideas/?limit=200", none),
        ("list: projects", "/api/v1/projects/", none),
        ("list: goals", "/api/v1/goals/", none),
        ("object: most supported idea", f"/api/v1/ideas/{idea.pk}/", none),
        ("object: the same, If-None-Match (304)", f"/api/v1/ideas/{idea.pk}/",
         {"If-None-Match": etag}),
        ("object: project", f"/api/v1/projects/{project.pk}/", none),
        ("object: goal", f"/api/v1/goals/{goal.pk}/", none),
        ("feed: new ideas", "/sv/feeds/ideas/", none),
        ("feed: decisions", "/sv/feeds/decisions/", none),
        ("page: follow-up this year", f"/sv/uppfoljning/{year}/", none),
        ("page: open data", "/sv/oppna-data/", none),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--afresh", action="store_true", help="every API answer made anew"
    )
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database with load data.")
    ideas, supports = Idea.objects.count(), Support.objects.count()
    with tempfile.TemporaryDirectory() as static_root:
        server = start_server(
            arguments.port,
            static_root,
            secret_key=SECRET_KEY,
            database=database_url(connection.settings_dict),
            API_RATE="100000000/minute",
            API_CACHE_SECONDS="0" if arguments.afresh else "60",
            PAGE_CACHE_SECONDS="0" if arguments.afresh else "30",
        )
        try:
            measured = cases(arguments.port)
            measured.append(("static file (floor)", static_path(static_root), {}))
            shared = "made afresh" if arguments.afresh else "shared"
            print(
                f"{ideas} ideas, {supports} supports, {arguments.runs} runs each, "
                f"API answers {shared}"
            )
            for label, path, headers in measured:
                for _warm in range(3):
                    get(arguments.port, path, headers)
                samples = []
                for _run in range(arguments.runs):
                    status, elapsed = get(arguments.port, path, headers)
                    if status not in (200, 304):
                        raise SystemExit(f"{path} answered {status}")
                    samples.append(elapsed)
                print(
                    f"{label:<40} {status}  p50 {statistics.median(samples):6.1f} ms"
                    f"  p95 {percentile(samples, 0.95):6.1f} ms"
                    f"  max {max(samples):6.1f} ms"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
