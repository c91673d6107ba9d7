"""Server time of the idea pages on volume data, through Django's ASGI handler.

    DATABASE_URL=postgres://... python manage.py seed_load   # once
    DATABASE_URL=postgres://... python bench/ideas.py [--runs 200]

Prints p50 and p95 in milliseconds for the idea list (each sort, with and
without filters, first and deep pages), the idea detail and a support POST.
Each request is timed from the ASGI call to the complete response, in-process
(django.test.AsyncClient drives django.core.handlers.asgi), with DEBUG off.
"""

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DEBUG"] = "0"  # no query log, templates cached: as in production
os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")

import django  # noqa: E402

django.setup()

from asgiref.sync import sync_to_async  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import AsyncClient  # noqa: E402

from cms.models import District, GoalPage  # noqa: E402
from ideas.models import Idea  # noqa: E402
from tests.ideas.factories import VerifiedUserFactory  # noqa: E402


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def timed(client: AsyncClient, method: str, url: str, **kwargs) -> float:
    started = time.perf_counter()
    response = await getattr(client, method)(url, **kwargs)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code >= 400:
        raise SystemExit(f"{method.upper()} {url} answered {response.status_code}")
    return elapsed


def prepare() -> dict[str, object]:
    ideas = Idea.objects.visible()
    total = ideas.count()
    if total < 1000:
        raise SystemExit("Too little data: run `manage.py seed_load` first.")
    goal = GoalPage.objects.filter(locale__language_code="sv").first()
    district = District.objects.first()
    popular = ideas.filter(status="submitted").order_by("-support_count").first()
    supporter = VerifiedUserFactory(
        email=f"bench-{time.time_ns()}@load.idestad.example"
    )
    return {
        "total": total,
        "deep_page": max(total // 20 // 2, 2),
        "goal": goal.pk,
        "district": district.slug if district else "city",
        "detail": popular.get_absolute_url(),
        "support": f"/sv/ideas/{popular.pk}/support/",
        "supporter": supporter,
        "max_id": ideas.aggregate(Max("pk"))["pk__max"],
    }


async def main(runs: int) -> None:
    data = await sync_to_async(prepare)()
    client = AsyncClient(SERVER_NAME="localhost")
    await client.aforce_login(data["supporter"])
    filters = f"goal={data['goal']}&district={data['district']}&kind=idea"
    cases: list[tuple[str, str, str, dict]] = []
    for sort in ("newest", "most_supported", "most_discussed", "trending"):
        cases += [
            (f"list {sort} p1", "get", f"/sv/ideas/?sort={sort}", {}),
            (f"list {sort} p{data['deep_page']}", "get",
             f"/sv/ideas/?sort={sort}&page={data['deep_page']}", {}),
            (f"list {sort} filtered", "get", f"/sv/ideas/?sort={sort}&{filters}", {}),
        ]  # fmt: skip
    cases.append(("detail", "get", data["detail"], {}))
    print(f"{data['total']:,} visible ideas; {runs} runs per case (ms)")
    print(f"{'case':<34} {'p50':>8} {'p95':>8}")
    for name, method, url, kwargs in cases:
        await timed(client, method, url, **kwargs)  # warm caches once
        samples = [await timed(client, method, url, **kwargs) for _ in range(runs)]
        p50, p95 = statistics.median(samples), percentile(samples, 0.95)
        print(f"{name:<34} {p50:8.1f} {p95:8.1f}")
    samples = []
    for i in range(runs):
        action = "add" if i % 2 == 0 else "withdraw"
        samples.append(
            await timed(
                client, "post", data["support"], data={"action": action},
                headers={"accept": "application/json"},
            )
        )  # fmt: skip
    print(f"{'support POST (add/withdraw)':<34} {statistics.median(samples):8.1f} "
          f"{percentile(samples, 0.95):8.1f}")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    asyncio.run(main(parser.parse_args().runs))
