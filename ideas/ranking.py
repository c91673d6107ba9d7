"""Trending: exponentially decayed activity, stored so it can be indexed.

Each event adds ``weight * 2 ** ((t - EPOCH) / HALF_LIFE)`` to an idea's ``heat``.
Dividing every idea's heat by the same ``2 ** ((now - EPOCH) / HALF_LIFE)`` gives
its activity with each event halved per half-life of age; dividing all ideas by
the same number does not change their order, so ``ORDER BY heat DESC`` is the
trending order and needs no recalculation as time passes. See docs/ranking.md.
"""

from datetime import UTC, datetime, timedelta

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
HALF_LIFE = timedelta(days=7)

PUBLISH_WEIGHT = 1.0
SUPPORT_WEIGHT = 1.0
COMMENT_WEIGHT = 2.0


def heat(at: datetime, weight: float) -> float:
    return weight * 2.0 ** ((at - EPOCH) / HALF_LIFE)


def decayed(value: float, now: datetime) -> float:
    """An idea's heat as activity points today (for display and tests)."""
    return value / 2.0 ** ((now - EPOCH) / HALF_LIFE)
