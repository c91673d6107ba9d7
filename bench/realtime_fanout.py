"""Fan-out of one post to many WebSocket clients on one ASGI worker.

    DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/realtime_fanout.py \
        [--clients 500] [--posts 20]

Starts one daphne worker (a separate process) on a free port, connects N
WebSocket clients to it, all subscribed to the same idea's stream, then makes
posts through the real service in this process. Each post is written with its
event in one transaction and broadcast through the channel layer after commit;
the worker fans it out. Delivery latency is measured per client and post, from
just before the service call to the frame arriving at the client, and printed
as p50 / p95 / p99 with the run's settings. Clients and worker share this
machine's cores, so the figures include the clients' own work.
"""

import argparse
import asyncio
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


def start_worker(server: str, port: int) -> subprocess.Popen:
    arguments = [a.replace("{port}", str(port)) for a in SERVERS[server]]
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


async def client(url: str, stream: str, ready: asyncio.Event, inbox: dict, n: int):
    async with websockets.connect(url, origin="http://127.0.0.1", max_queue=None) as ws:
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


async def run(server: str, clients: int, posts: int) -> None:
    idea, writer = await sync_to_async(make_idea_and_writer)()
    stream = f"idea.{idea.pk}"
    port = free_port()
    worker = start_worker(server, port)
    inbox = {"subscribed": 0, "arrivals": {}, "done": asyncio.Event()}
    ready = asyncio.Event()
    url = f"ws://127.0.0.1:{port}/ws/"
    tasks = []
    try:
        for start in range(0, clients, 50):  # connect in batches
            tasks += [
                asyncio.create_task(client(url, stream, ready, inbox, clients))
                for _ in range(min(50, clients - start))
            ]
            await asyncio.sleep(0.05)
        await asyncio.wait_for(ready.wait(), timeout=60)
        latencies: list[float] = []  # from commit to arrival
        end_to_end: list[float] = []  # from the service call to arrival
        for n in range(posts):
            inbox["done"] = asyncio.Event()
            started = time.perf_counter()
            # The service runs in a worker thread, as it would in a view.
            post, committed = await sync_to_async(write, thread_sensitive=False)(
                writer, idea, f"Fan-out {n} {started}"
            )
            await asyncio.wait_for(inbox["done"].wait(), timeout=30)
            arrivals = inbox["arrivals"][post.pk]
            these = [(t - committed) * 1000 for t in arrivals]
            if os.environ.get("BENCH_VERBOSE"):
                print(f"post {n}: first {min(these):.1f} last {max(these):.1f} ms")
            latencies += these
            end_to_end += [(t - started) * 1000 for t in arrivals]
            await asyncio.sleep(0.2)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        worker.terminate()
        worker.wait(timeout=10)
    print(f"clients={clients} posts={posts} deliveries={len(latencies)}")
    print(f"channel layer={settings.CHANNEL_LAYERS['default']['BACKEND']}")
    print(
        f"server={server}, 1 process; python={platform.python_version()}; "
        f"cores={os.cpu_count()}"
    )
    for label, samples in (
        ("delivery latency from commit", latencies),
        ("end to end from the service call", end_to_end),
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
    arguments = parser.parse_args()
    import uvloop  # the clients need a fast loop too, or they measure themselves

    uvloop.run(run(arguments.server, arguments.clients, arguments.posts))


if __name__ == "__main__":
    main()
