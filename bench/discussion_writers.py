"""Writers at once on the longest discussion, while Redis and the task worker
are taken away, as production runs: does every writer land on their post?

    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
        python bench/discussion_writers.py [--writers 8] [--seconds 20]

Starts two uvicorn workers under production settings and the task worker
beside them, then has ``--writers`` signed-in bench people (made as in
``bench/http_pages.py``) comment on the idea with the most comments for
``--seconds``, each form post on a new connection. Meanwhile Redis is shut
down for 4 seconds (and started again as ``redis-server`` on 127.0.0.1:6379,
keeping nothing on disk) and the task worker is killed with SIGKILL and
started again. Then it checks, against the database:

- every post's redirect named the page its post is on (counted plainly);
- the discussion's last page, for a reader signed in and one not, says the
  right number of pages and shows the newest post;
- every new post is in search once the worker is back (a new post is indexed
  by the worker, search/indexing.py).

Prints the figures and exits non-zero if any check fails. Run it only where
stopping the local Redis is harmless. The comments stay in the database.
"""

import argparse
import http.client
import math
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.http_pages import SECRET_KEY, People, form_post, sv  # noqa: E402
from bench.server import HOST, ROOT, database_url, server_environment, start_server  # noqa: E402
from forum.models import Post  # noqa: E402
from forum.selectors import POSTS_PER_PAGE  # noqa: E402
from ideas.models import Idea  # noqa: E402
from search.models import SearchEntry  # noqa: E402

LIMITS = dict.fromkeys(
    (
        "FORUM_POSTS_PER_MINUTE",
        "FORUM_POSTS_PER_HOUR",
        "FORUM_NEW_ACCOUNT_POSTS_PER_MINUTE",
        "FORUM_NEW_ACCOUNT_POSTS_PER_HOUR",
    ),
    "1000000",
)
BODY = "Skrivprov"


def start_worker(environment: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "task_worker", "--no-reload",
         "--no-startup-delay", "--interval", "0.2"],
        env=environment, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def restart_redis() -> None:
    subprocess.run(["redis-cli", "shutdown", "nosave"], capture_output=True)  # noqa: S607
    time.sleep(4)
    subprocess.run(  # noqa: S603
        ["redis-server", "--daemonize", "yes", "--bind", HOST, "--port", "6379",  # noqa: S607
         "--save", "", "--appendonly", "no"],
        check=True,
    )  # fmt: skip


def write(port, path, people, until, answers, lock, writer: int) -> None:
    n = 0
    while time.time() < until:
        _person, key = people.take()
        body = f"{BODY} {writer}-{n} {time.time()}"
        headers, data = form_post(key, {"body": body})
        client = http.client.HTTPConnection(HOST, port, timeout=60)
        client.request("POST", path, body=data, headers=headers)
        response = client.getresponse()
        response.read()
        with lock:
            answers.append((body, response.status, response.getheader("Location")))
        n += 1


def misplaced(idea: Idea, answers: list) -> int:
    """Redirects that named another page than the one the post is on now."""
    top = Post.objects.filter(idea=idea, parent__isnull=True)
    wrong = 0
    for body, _status, location in answers:
        post = Post.objects.get(body=body)
        page = int(m.group(1)) if (m := re.search(r"posts=(\d+)", location)) else 1
        before = top.filter(created_at__lt=post.created_at).count()
        if page != before // POSTS_PER_PAGE + 1 or f"#post-{post.pk}" not in location:
            wrong += 1
    return wrong


def last_page_right(port: int, idea: Idea, headers: dict) -> bool:
    top = Post.objects.filter(idea=idea, parent__isnull=True)
    pages = math.ceil(top.count() / POSTS_PER_PAGE)
    newest = top.order_by("-created_at", "-pk").first()
    client = http.client.HTTPConnection(HOST, port, timeout=60)
    client.request("GET", idea.get_absolute_url() + "?posts=last", headers=headers)
    html = client.getresponse().read().decode()
    return f"Sida {pages} av {pages}" in html and f"post-{newest.pk}" in html


def unindexed(ids: list[int], wait: float = 60) -> int:
    deadline = time.time() + wait
    while True:
        found = SearchEntry.objects.filter(type="post", object_id__in=ids)
        missing = len(set(ids) - set(found.values_list("object_id", flat=True)))
        if not missing or time.time() > deadline:
            return missing
        time.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--port", type=int, default=8791)
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database with load data.")
    idea = Idea.objects.visible().order_by("-comment_count").first()
    path = sv("forum:post_create", "idea", idea.pk)
    people = People(arguments.writers)
    database = database_url(connection.settings_dict)
    started = timezone.now()
    with tempfile.TemporaryDirectory() as static_root:
        environment = server_environment(
            static_root, secret_key=SECRET_KEY, database=database, **LIMITS
        )
        server = start_server(
            arguments.port, static_root, secret_key=SECRET_KEY, database=database,
            workers=2, **LIMITS,
        )  # fmt: skip
        worker = start_worker(environment)
        answers: list = []
        lock = threading.Lock()
        until = time.time() + arguments.seconds
        writers = [
            threading.Thread(
                target=write,
                args=(arguments.port, path, people, until, answers, lock, n),
            )
            for n in range(arguments.writers)
        ]
        for thread in writers:
            thread.start()
        try:
            time.sleep(arguments.seconds / 5)
            restart_redis()
            time.sleep(2)
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            time.sleep(4)
            worker = start_worker(environment)
            for thread in writers:
                thread.join()
            refused = [a for a in answers if a[1] != 302]
            accepted = [a for a in answers if a[1] == 302]
            wrong = misplaced(idea, accepted)
            ids = list(
                Post.objects.filter(
                    idea=idea, body__startswith=BODY, created_at__gte=started
                ).values_list("pk", flat=True)
            )
            missing = unindexed(ids)
            _person, key = people.take()
            last_ok = {
                "not signed in": last_page_right(arguments.port, idea, {}),
                "signed in": last_page_right(
                    arguments.port, idea, {"Cookie": f"sessionid={key}"}
                ),
            }
        finally:
            worker.terminate()
            server.terminate()
            worker.wait(timeout=10)
            server.wait(timeout=10)
    print(f"idea {idea.pk}, {arguments.writers} writers, {arguments.seconds:.0f} s")
    print(f"comments {len(accepted)}, refused or failed {len(refused)}")
    print(f"redirects to another page than the post's: {wrong}")
    print(f"last page right: {last_ok}")
    print(
        f"new posts not in search after the worker came back: {missing} of {len(ids)}"
    )
    if refused or wrong or missing or not all(last_ok.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
