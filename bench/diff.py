"""What it costs to work out an edit's difference (ideas/diff.py), which is done
once when an edit of a supported idea is saved.

    python bench/diff.py [--runs 20]

Texts at the idea body's limit (20,000 characters) rendered from Markdown, with
three kinds of edit: a few words changed, a paragraph added, and every word
different (the matcher's worst case). Prints p50 and max in milliseconds.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from ideas.diff import html_diff  # noqa: E402
from ideas.markdown import render_markdown  # noqa: E402

LIMIT = 20_000


def text(words: list[str], rng: random.Random) -> str:
    paragraphs, length = [], 0
    while length < LIMIT - 400:
        paragraph = " ".join(rng.choice(words) for _ in range(60))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def cases(rng: random.Random) -> dict[str, tuple[str, str]]:
    words = [f"ord{n}" for n in range(400)] + ["och", "att", "det", "som", "en"]
    base = text(words, rng)
    few = base.replace("ord1 ", "ord2 ", 5)
    added = (
        base[: LIMIT // 2]
        + "\n\nEtt nytt stycke om **sensorer**.\n\n"
        + base[LIMIT // 2 :]
    )
    other = text([f"annat{n}" for n in range(400)], rng)
    return {
        "a few words changed": (base, few),
        "a paragraph added": (base, added[:LIMIT]),
        "every word different": (base, other),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    rng = random.Random(18)
    print(f"{'edit':<24} {'p50 ms':>8} {'max ms':>8}")
    for name, (old, new) in cases(rng).items():
        old_html, new_html = render_markdown(old), render_markdown(new)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            html_diff(old_html, new_html)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{name:<24} {statistics.median(times):8.1f} {max(times):8.1f}")


if __name__ == "__main__":
    main()
