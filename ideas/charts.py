"""An indicator's measured values as a line chart, drawn as SVG on the server
(no JavaScript), readable on its own: a value axis with the unit and rounded
steps, a time axis placed by date, the baseline and target as labelled lines,
a legend, and a sentence that says where the indicator stands. The page keeps
the same numbers in a table beside it."""

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.dateformat import format as format_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ideas.models import Indicator
from ideas.templatetags.numbers import number, with_unit

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 36, 44
TICKS = 5


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str  # "12 maj 2026: 65 personer", for the dot's tooltip


@dataclass(frozen=True)
class Chart:
    points: str  # for <polyline points="...">
    dots: list[Dot]
    baseline_y: float
    target_y: float
    baseline_label: str
    target_label: str
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    unit: str
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    legend: list[tuple[str, str]] = field(default_factory=list)


def indicator_chart(indicator: Indicator) -> Chart | None:
    """Expects ``values`` prefetched; None when nothing has been measured yet."""
    values = list(indicator.values.all())
    if not values:
        return None
    numbers = [v.value for v in values] + [indicator.baseline, indicator.target]
    steps = nice_steps(min(numbers), max(numbers))
    low, high = steps[0], steps[-1]

    def y(value: Decimal) -> float:
        share = float((value - low) / (high - low))
        return round(HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM), 1)

    first, last = values[0].measured_on, values[-1].measured_on
    days = max((last - first).days, 1)

    def x(day: date) -> float:
        if first == last:
            return (LEFT + WIDTH - RIGHT) / 2
        return round(LEFT + (day - first).days / days * (WIDTH - LEFT - RIGHT), 1)

    unit = indicator.unit
    dots = [
        Dot(
            x(v.measured_on),
            y(v.value),
            f"{format_date(v.measured_on, 'j F Y')}: {with_unit(v.value, unit)}",
        )
        for v in values
    ]
    return Chart(
        points=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        dots=dots,
        baseline_y=y(indicator.baseline),
        target_y=y(indicator.target),
        baseline_label=_("Baseline %(value)s")
        % {"value": with_unit(indicator.baseline, unit)},
        target_label=_("Target %(value)s")
        % {"value": with_unit(indicator.target, unit)},
        y_ticks=[Tick(y(step), number(step)) for step in steps],
        x_ticks=[Tick(x(day), label) for day, label in date_ticks(first, last)],
        unit=unit,
        summary=summary(indicator, values),
        legend=[
            ("measured", _("Measured")),
            ("target", _("Target")),
            ("baseline", _("Baseline")),
        ],
    )


def nice_steps(low: Decimal, high: Decimal) -> list[Decimal]:
    """Rounded axis steps (1, 2 or 5 times a power of ten) from at or below
    ``low`` to at or above ``high``; zero is kept on the axis when all values
    are positive and near it, so a small change is not drawn as a large one."""
    if low > 0 and low <= high / 2:
        low = Decimal(0)
    span = float(high - low) or max(abs(float(high)), 1.0)
    raw = span / (TICKS - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = Decimal(str(step))
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    steps = [start]
    while steps[-1] < high:
        steps.append(steps[-1] + step)
    if len(steps) == 1:
        steps.append(start + step)
    return steps


def date_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """The first and last day measured, and each new year between them where
    its label does not crowd its neighbours."""
    if first == last:
        return [(first, date_format(first, "DATE_FORMAT"))]
    years = [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)]
    gap = (last - first).days / 8
    kept = [(first, date_format(first, "YEAR_MONTH_FORMAT"))]
    for day, label in years:
        if (day - kept[-1][0]).days >= gap and (last - day).days >= gap:
            kept.append((day, label))
    kept.append((last, date_format(last, "YEAR_MONTH_FORMAT")))
    return kept


def summary(indicator: Indicator, values: list) -> str:
    """Where the indicator stands, in one sentence."""
    latest = values[-1]
    text = _(
        "Latest measured value: %(value)s on %(date)s. Baseline %(baseline)s, "
        "target %(target)s."
    ) % {
        "value": with_unit(latest.value, indicator.unit),
        "date": format_date(latest.measured_on, "j F Y"),
        "baseline": with_unit(indicator.baseline, indicator.unit),
        "target": with_unit(indicator.target, indicator.unit),
    }
    distance = indicator.target - indicator.baseline
    if distance:
        share = (latest.value - indicator.baseline) / distance * 100
        text += " " + _("That is %(share)s %% of the way from the baseline.") % {
            "share": number(share.quantize(Decimal(1)))
        }
    return text
