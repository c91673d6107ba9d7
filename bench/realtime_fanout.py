"""Fan-out of one post to many WebSocket clients on one ASGI worker.

    DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/realtime_fanout.py \
        [--clients 500] [--posts 20] [--fetch]

Starts one daphne worker (a separate process) on a free port, connects N
WebSocket clients to it, all subscribed to the same idea's stream, then makes
posts through the real service in this process. Each post is written with its
event in one transaction and broadcast through the channel layer after commit;
the worker fans it out. Delivery latency is measured per client and post, from
just before the service call to the frame arriving at the client, and printed
as p50 / p95 / p99 with the run's settings. Clients and worker share this
machine's cores, so the figures include the clients' own work.

The clients are readers who are not signed in, on a Swedish page. What a reader
sees is the post's *text*, so that is timed too: the moment it is at the client,
inside the event (``html``, rendered once for all of them) or, where the event
has none, fetched from the post's fragment URL over HTTP as ``live.js`` would.
``--fetch`` has every client fetch it, as signed-in readers do and as every
reader did before the text travelled inside the event.
"""

import argparse
import asyncio
import gc
import json
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# One writer makes every post: lift the per-person posting limit for the run.
os.environ["FORUM_POSTS_PER_MINUTE"] = os.environ["FORUM_POSTS_PER_HOUR"] = "100000"

import django  # noqa: E402

django.setup()

import websockets  # noqa: E402
from asgiref.sync import sync_to_async  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from forum import services  # noqa: E402
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory  # noqa: E402


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SERVERS = {
    "daphne": ["-m", "daphne", "--bind", "127.0.0.1", "--port", "{port}"],
    "uvicorn": [
        "-m", "uvicorn", "--host", "127.0.0.1", "--port", "{port}",
        "--loop", "uvloop", "--ws", "websockets", "--log-level", "warning",
    ],
}  # fmt: skip


def start_worker(
    server: str, port: int, processes: int = 1, uvicorn_options: tuple = ()
) -> subprocess.Popen:
    arguments = [a.replace("{port}", str(port)) for a in SERVERS[server]]
    if server == "uvicorn":
        arguments += list(uvicorn_options)
    if processes > 1:
        if server != "uvicorn":
            raise SystemExit("Several processes: uvicorn only.")
        arguments += ["--workers", str(processes)]
    worker = subprocess.Popen(  # noqa: S603 - a fixed command line
        [sys.executable, *arguments, "config.asgi:application"],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return worker
        except OSError:
            time.sleep(0.2)
    worker.kill()
    raise SystemExit("The ASGI worker did not start within 30 seconds.")


def write(writer, idea, body: str) -> tuple[object, float]:
    """Post through the service; returns the post and the moment of commit.
    The marker is registered before the service's own after-commit broadcast,
    so it runs first, right at commit."""
    moment: list[float] = []
    with transaction.atomic():
        transaction.on_commit(lambda: moment.append(time.perf_counter()))
        post = services.post_create(actor=writer, target=idea, body=body)
    return post, moment[0]


def make_idea_and_writer():
    call_command("migrate", verbosity=0)
    run = time.time_ns()
    writer = VerifiedUserFactory(
        display_name="Bench Skribent", email=f"bench-{run}@example.org"
    )
    idea = IdeaFactory(
        title="Fan-out bench",
        slug=f"fan-out-{run}",
        author=VerifiedUserFactory(email=f"bench-author-{run}@example.org"),
    )
    return idea, writer


async def fetch_text(port: int, path: str) -> str:
    """The body of one GET on a new connection, as a page's fetch would be."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    answer = (await reader.read()).decode(errors="replace")
    writer.close()
    if not answer.startswith("HTTP/1.1 200"):
        raise SystemExit(f"The post's fragment answered {answer[:40]!r}.")
    return answer


async def text_of(frame: dict, inbox: dict) -> None:
    """Note when the post's text is at this client."""
    post_id = frame["data"]["post_id"]
    html = None if inbox["fetch"] else frame.get("html")
    if html is None:
        path = inbox["fragment"].replace("/0/", f"/{post_id}/")
        html = await fetch_text(inbox["port"], path)
    if "Fan-out " not in html:
        raise SystemExit(f"Post {post_id} arrived without its text.")
    inbox["texts"].setdefault(post_id, []).append(time.perf_counter())
    if len(inbox["texts"][post_id]) == inbox["clients"]:
        inbox["text_done"].set()


async def client(url: str, stream: str, ready: asyncio.Event, inbox: dict, n: int):
    # The server takes a socket only from a page of its own address, port included.
    origin = f"http://127.0.0.1:{inbox['port']}"
    async with websockets.connect(url, origin=origin, max_queue=None) as ws:
        await ws.send(json.dumps({"type": "subscribe", "stream": stream}))
        while json.loads(await ws.recv())["type"] != "subscribed":
            pass
        inbox["subscribed"] += 1
        if inbox["subscribed"] == n:
            ready.set()
        async for raw in ws:
            frame = json.loads(raw)
            if frame.get("type") == "event":
                inbox["arrivals"].setdefault(frame["data"]["post_id"], []).append(
                    time.perf_counter()
                )
                if inbox["arrivals"][frame["data"]["post_id"]].__len__() == n:
                    inbox["done"].set()
                if frame["event"] == "post.created":
                    inbox["fetches"].add(asyncio.create_task(text_of(frame, inbox)))


async def run(
    server: str,
    clients: int,
    posts: int,
    fetch: bool,
    processes: int,
    uvicorn_options: tuple[str, ...] = (),
) -> None:
    idea, writer = await sync_to_async(make_idea_and_writer)()
    stream = f"idea.{idea.pk}"
    port = free_port()
    worker = start_worker(server, port, processes, uvicorn_options)
    with translation.override("sv"):
        fragment = reverse("forum:post_fragment", args=[0])
    inbox = {
        "subscribed": 0, "arrivals": {}, "done": asyncio.Event(),
        "texts": {}, "text_done": asyncio.Event(), "fetches": set(),
        "fetch": fetch, "fragment": fragment, "port": port, "clients": clients,
    }  # fmt: skip
    ready = asyncio.Event()
    url = f"ws://127.0.0.1:{port}/ws/?lang=sv"
    tasks = []
    try:
        for start in range(0, clients, 50):  # connect in batches
            tasks += [
                asyncio.create_task(client(url, stream, ready, inbox, clients))
                for _ in range(min(50, clients - start))
            ]
            await asyncio.sleep(0.05)
        await asyncio.wait_for(ready.wait(), timeout=60)
        # A thousand readers are a thousand browsers, not one Python process
        # that holds all their sockets: its full garbage collections (160-200
        # ms with this many objects alive) would be timed as the server's
        # delivery. Objects made so far are left out of them.
        gc.collect()
        gc.freeze()
        latencies: list[float] = []  # from commit to arrival
        end_to_end: list[float] = []  # from the service call to arrival
        texts: list[float] = []  # from commit to the text at the client
        # The first post is not counted: it warms the server (templates
        # compiled, connections opened), as any running server is warm.
        for n in range(-1, posts):
            inbox["done"] = asyncio.Event()
            inbox["text_done"] = asyncio.Event()
            started = time.perf_counter()
            # The service runs on a thread of its own, as in a server's view,
            # and broadcasts from there: not through the clients' event loop,
            # which is busy with a thousand sockets and not the server's.
            post, committed = await asyncio.get_running_loop().run_in_executor(
                None, write, writer, idea, f"Fan-out {n} {started}"
            )
            await asyncio.wait_for(inbox["done"].wait(), timeout=30)
            await asyncio.wait_for(inbox["text_done"].wait(), timeout=60)
            await asyncio.sleep(0.2)
            if n < 0:
                continue
            texts += [(t - committed) * 1000 for t in inbox["texts"][post.pk]]
            arrivals = inbox["arrivals"][post.pk]
            these = [(t - committed) * 1000 for t in arrivals]
            if os.environ.get("BENCH_VERBOSE"):
                print(f"post {n}: first {min(these):.1f} last {max(these):.1f} ms")
            latencies += these
            end_to_end += [(t - started) * 1000 for t in arrivals]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    print(
        f"clients={clients} posts={posts} deliveries={len(latencies)} "
        f"texts={len(texts)} ({'fetched by every client' if fetch else 'in the event'})"
    )
    print(f"channel layer={settings.CHANNEL_LAYERS['default']['BACKEND']}")
    print(
        f"server={server} {' '.join(uvicorn_options)}, {processes} process(es); "
        f"python={platform.python_version()}; cores={os.cpu_count()}"
    )
    for label, samples in (
        ("delivery latency from commit", latencies),
        ("end to end from the service call", end_to_end),
        ("the post's text at the client from commit", texts),
    ):
        print(
            f"{label}, ms: "
            f"p50={percentile(samples, 0.50):.1f} "
            f"p95={percentile(samples, 0.95):.1f} "
            f"p99={percentile(samples, 0.99):.1f} "
            f"max={max(samples):.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--server", choices=sorted(SERVERS), default="uvicorn")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument(
        "--uvicorn-option",
        action="append",
        default=[],
        help="passed to uvicorn, e.g. --uvicorn-option=--ws=websockets-sansio",
    )
    parser.add_argument(
        "--fetch", action="store_true", help="every client fetches the post's text"
    )
    arguments = parser.parse_args()
    import uvloop  # the clients need a fast loop too, or they measure themselves

    uvloop.run(
        run(
            arguments.server,
            arguments.clients,
            arguments.posts,
            arguments.fetch,
            arguments.processes,
            tuple(arguments.uvicorn_option),
        )
    )


if __name__ == "__main__":
    main()
