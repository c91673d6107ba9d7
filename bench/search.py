"""Search latency on volume data, database backend (PostgreSQL full text).

    DATABASE_URL=postgres://... python manage.py seed_load --posts 300000   # once
    DATABASE_URL=postgres://... python manage.py search_rebuild --cluster  # once
    DATABASE_URL=postgres://... python bench/search.py [--queries 200]

Runs a repeatable mix of searches, as people make them (words drawn with the
corpus's own Zipf frequencies, see ideas/loadtext.py): one or two words,
a quoted phrase, words that match nothing, browsing with filters only, with
and without facet filters, first and later pages, each sort. Each search is
timed through ``search.selectors.search`` (query, facet counts, highlights and
labels: everything but the HTML), and separately through the whole /search/
page via Django's ASGI handler. Prints p50 / p95 / max in milliseconds, and
the same for similar-idea lookups and header suggestions.
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DEBUG"] = "0"  # no query log, templates cached: as in production
os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
os.environ["ELASTICSEARCH_URL"] = ""  # the database backend is what is measured

import django  # noqa: E402

django.setup()

from django.test import AsyncClient  # noqa: E402

from cms.models import District, GoalPage  # noqa: E402
from ideas.loadtext import TextMaker  # noqa: E402
from search.models import SearchEntry  # noqa: E402
from search.selectors import search, similar_ideas, suggestions  # noqa: E402

KINDS = [
    "one word", "two words", "word + goal", "phrase", "browse by goal",
    "word + district + status", "no match", "word, posts only",
]  # fmt: skip


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(label: str, samples: list[float]) -> None:
    print(
        f"{label:<34} n={len(samples):>4}  p50 {statistics.median(samples):6.1f} ms"
        f"  p95 {percentile(samples, 0.95):6.1f} ms  max {max(samples):6.1f} ms"
    )


def mixed_searches(n: int, rng: random.Random) -> list[dict[str, object]]:
    """Query words are drawn like the corpus's own: common words often."""
    text = TextMaker(rng)
    goals = [str(pk) for pk in GoalPage.objects.values_list("pk", flat=True)]
    districts = [str(pk) for pk in District.objects.values_list("pk", flat=True)]
    searches = []
    for i in range(n):
        kind = i % 8
        filters: dict[str, list[str]] = {}
        query = ""
        if kind == 0:
            query = text.topic_words(1)[0]
        elif kind == 1:
            query = " ".join(text.topic_words(2))
        elif kind == 2:
            query = text.topic_words(1)[0]
            filters["goal"] = [rng.choice(goals)]
        elif kind == 3:
            query = '"{} och {}"'.format(*text.topic_words(2))
        elif kind == 4:
            filters = {"type": ["idea"], "goal": [rng.choice(goals)]}
        elif kind == 5:
            query = text.topic_words(1)[0]
            filters = {"type": ["idea"], "district": [rng.choice(districts)]}
            filters["status"] = ["submitted"]
        elif kind == 6:
            query = "zebrafink kvantdator"
        else:
            query = text.topic_words(1)[0]
            filters = {"type": ["post"]}
        searches.append(
            {
                "kind": KINDS[kind],
                "query": query,
                "filters": filters,
                "page": rng.choice([1, 1, 1, 2, 5]),
                "sort": rng.choice(["", "", "newest", "support"]),
            }
        )
    return searches


def time_selector(searches: list[dict[str, object]]) -> list[float]:
    samples = []
    for params in searches:
        args = {k: v for k, v in params.items() if k != "kind"}
        started = time.perf_counter()
        search(**args, language="sv")
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def time_pages(searches: list[dict[str, object]]) -> list[float]:
    client = AsyncClient()
    samples = []
    for params in searches:
        query = {"q": params["query"], "page": params["page"], "sort": params["sort"]}
        for name, values in params["filters"].items():
            query[name] = values
        url = "/sv/search/?" + urlencode(query, doseq=True)
        started = time.perf_counter()
        response = await client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    counts = {t: SearchEntry.objects.filter(type=t).count() for t in ("idea", "post")}
    if counts["idea"] < 1000:
        raise SystemExit("Too little data: run seed_load and search_rebuild first.")
    print(
        f"Entries: {counts['idea']:,} ideas, {counts['post']:,} posts, "
        f"{SearchEntry.objects.count():,} in all"
    )
    rng = random.Random(args.seed)  # noqa: S311 - repeatable, not secret
    searches = mixed_searches(args.queries, rng)
    time_selector(searches[:20])  # warm caches and connections
    samples = time_selector(searches)
    report("search() mixed, with facets", samples)
    for kind in KINDS:
        report(
            f"  {kind}",
            [t for t, p in zip(samples, searches, strict=False) if p["kind"] == kind],
        )
    report("/search/ page (ASGI)", asyncio.run(time_pages(searches)))

    maker = TextMaker(rng)
    titles = [maker.title() for _ in range(50)]
    samples = []
    for title in titles:
        started = time.perf_counter()
        similar_ideas(title=title, summary=f"En idé om {title.lower()}.")
        samples.append((time.perf_counter() - started) * 1000)
    report("similar ideas (title + summary)", samples)
    samples = []
    for word in maker.topic_words(50):
        started = time.perf_counter()
        suggestions(word[:4])
        samples.append((time.perf_counter() - started) * 1000)
    report("header suggestions (4 letters)", samples)


if __name__ == "__main__":
    main()
