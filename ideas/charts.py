"""A small line chart of an indicator's values, drawn as SVG on the server so it
needs no JavaScript; the page shows the same numbers in a table beside it."""

from dataclasses import dataclass
from decimal import Decimal

from ideas.models import Indicator

WIDTH, HEIGHT, PAD = 600, 220, 36


@dataclass(frozen=True)
class Chart:
    points: str  # for <polyline points="...">
    dots: list[tuple[float, float]]
    baseline_y: float
    target_y: float
    width: int = WIDTH
    height: int = HEIGHT


def indicator_chart(indicator: Indicator) -> Chart | None:
    """Expects ``values`` prefetched; None when nothing has been measured yet."""
    values = list(indicator.values.all())
    if not values:
        return None
    numbers = [v.value for v in values] + [indicator.baseline, indicator.target]
    low, high = min(numbers), max(numbers)
    span = (high - low) or Decimal(1)

    def y(value: Decimal) -> float:
        return round(HEIGHT - PAD - float((value - low) / span) * (HEIGHT - 2 * PAD), 1)

    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    dots = [(round(PAD + i * step, 1), y(v.value)) for i, v in enumerate(values)]
    return Chart(
        points=" ".join(f"{x},{y_}" for x, y_ in dots),
        dots=dots,
        baseline_y=y(indicator.baseline),
        target_y=y(indicator.target),
    )
