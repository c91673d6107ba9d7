"""A search hit's dates and counts, made by search_tags, read exactly as
Django's ``date`` filter and ``blocktranslate count`` wrote them, in both
languages, in Stockholm's time."""

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.utils import translation

DJANGOS = (
    "{% load i18n %}"
    "{{ when|date:'c' }}|{{ when|date:'j F Y' }}|"
    "{% blocktranslate count counter=n %}{{ counter }} support{% plural %}"
    "{{ counter }} supports{% endblocktranslate %}|"
    "{% blocktranslate count counter=n %}{{ counter }} comment{% plural %}"
    "{{ counter }} comments{% endblocktranslate %}"
)
OURS = (
    "{% load search_tags %}"
    "{{ when|iso_datetime }}|{{ when|day_month_year }}|"
    "{{ n|supports }}|{{ n|comments }}"
)
MOMENTS = [
    datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # already next year in Stockholm
    datetime(2026, 3, 29, 1, 15, tzinfo=UTC),  # the morning summer time begins
    datetime(2025, 1, 5, 12, 0, 0, 123456, tzinfo=UTC),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("when", MOMENTS)
@pytest.mark.parametrize("n", [0, 1, 2, 1234567])
def test_the_same_words_as_djangos_filters(language, when, n):
    engine = engines["django"]
    context = {"when": when, "n": n}
    with translation.override(language):
        djangos = engine.from_string(DJANGOS).render(context)
        ours = engine.from_string(OURS).render(context)
    assert ours == djangos


def test_in_swedish_the_month_and_the_plural_are_swedish():
    engine = engines["django"]
    context = {"when": MOMENTS[0], "n": 2}
    with translation.override("sv"):
        shown = engine.from_string(OURS).render(context)
    assert shown == "2027-01-01T00:30:00+01:00|1 januari 2027|2 stöd|2 kommentarer"


def test_a_hit_without_a_date_shows_none():
    engine = engines["django"]
    with translation.override("en"):
        shown = engine.from_string(OURS).render({"when": None, "n": 1})
    assert shown == "||1 support|1 comment"
