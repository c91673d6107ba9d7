"""The statistics page's charts as SVG geometry, drawn on the server: stacked
columns per month and horizontal bars per category. Each chart carries its
title, a sentence that says what it shows, a legend and the table of the same
numbers, so it reads without the picture. Colours are the Okabe–Ito palette
(told apart with the common colour-vision deficiencies), each shape outlined
dark so it stands out from the background whatever its fill."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from ideas.charts import nice_steps

WIDTH = 640
PALETTE_SIZE = 7


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: int  # colour index, a CSS class chart-series-<n>
    title: str  # the tooltip: "mars 2026, invånare: 12"


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Chart:
    slug: str
    title: str
    summary: str
    head: list[str]  # the table's column headings
    rows: list[tuple[str, list[int | str]]]  # the table: label, values
    height: int
    width: int = WIDTH
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    grid: list[Text] = field(default_factory=list)  # y of each grid line, label
    legend: list[tuple[int, str]] = field(default_factory=list)
    axis: tuple[float, float, float, float] = (0, 0, 0, 0)  # x1, y1, x2, y2


def _round(value: float) -> float:
    return round(value, 1)


def columns(
    *,
    slug: str,
    title: str,
    summary: str,
    months: list[tuple[str, str]],  # (tick label, full label)
    series: list[tuple[str, list[int]]],  # (label, one count per month)
) -> Chart:
    """Stacked columns, one per month, one colour per series."""
    height, left, right, top, bottom = 320, 56, 16, 16, 52
    totals = [sum(values) for values in zip(*(v for _l, v in series), strict=True)]
    steps = nice_steps(Decimal(0), Decimal(max(totals, default=0) or 1))
    high = float(steps[-1])
    plot = height - top - bottom

    def y(value: float) -> float:
        return _round(height - bottom - value / high * plot)

    slot = (WIDTH - left - right) / max(len(months), 1)
    chart = Chart(
        slug=slug,
        title=title,
        summary=summary,
        head=[label for label, _v in series],
        rows=[
            (full, [values[i] for _l, values in series])
            for i, (_tick, full) in enumerate(months)
        ],
        height=height,
        grid=[Text(left - 6, y(float(s)), f"{int(s)}", "end") for s in steps],
        legend=[(i % PALETTE_SIZE, label) for i, (label, _v) in enumerate(series)],
        axis=(left, height - bottom, WIDTH - right, height - bottom),
    )
    every = math.ceil(len(months) / 12)
    for i, (tick, full) in enumerate(months):
        x = left + i * slot + slot * 0.15
        stacked = 0
        for index, (label, values) in enumerate(series):
            if values[i]:
                top_y = y(stacked + values[i])
                chart.rects.append(
                    Rect(
                        _round(x),
                        top_y,
                        _round(slot * 0.7),
                        _round(y(stacked) - top_y),
                        index % PALETTE_SIZE,
                        f"{full}, {label}: {values[i]}",
                    )
                )
                stacked += values[i]
        if i % every == 0:
            chart.texts.append(
                Text(_round(x + slot * 0.35), height - bottom + 18, tick)
            )
    return chart


def bars(
    *, slug: str, title: str, summary: str, head: str, items: list[tuple[str, int]]
) -> Chart:
    """Horizontal bars, one per category, labelled above, value at the end."""
    left, right, row, top = 8, 72, 46, 8
    high = max((value for _label, value in items), default=0) or 1
    chart = Chart(
        slug=slug,
        title=title,
        summary=summary,
        head=[head],
        rows=[(label, [value]) for label, value in items],
        height=top + row * max(len(items), 1) + 8,
    )
    for i, (label, value) in enumerate(items):
        y = top + i * row
        width = _round((WIDTH - left - right) * value / high)
        chart.texts.append(Text(left, y + 14, label, "start"))
        chart.rects.append(
            Rect(left, y + 20, max(width, 1), 18, 0, f"{label}: {value}")
        )
        chart.texts.append(Text(_round(left + width + 6), y + 34, str(value), "start"))
    return chart
