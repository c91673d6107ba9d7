"""A search hit's dates and counts, made in Python: the search page shows
twenty hits, and Django's ``date`` filter and ``blocktranslate count`` cost
about a sixth of a millisecond a hit together, a tenth of the page's time on
the server (bench/http_pages.py). Same words, same catalogue entries."""

from datetime import datetime

from django import template
from django.utils.dates import MONTHS
from django.utils.translation import ngettext

register = template.Library()


@register.filter(expects_localtime=True)
def iso_datetime(value: datetime | None) -> str:
    """As ``date:'c'``: the local time in ISO 8601."""
    return value.isoformat() if value else ""


@register.filter(expects_localtime=True)
def day_month_year(value: datetime | None) -> str:
    """As ``date:"j F Y"``: "5 december 2026", the month in the page's
    language."""
    if not value:
        return ""
    return f"{value.day} {MONTHS[value.month]} {value.year}"


@register.filter
def supports(count: int) -> str:
    words = ngettext("%(counter)s support", "%(counter)s supports", count)
    return _counted(words, count)


@register.filter
def comments(count: int) -> str:
    words = ngettext("%(counter)s comment", "%(counter)s comments", count)
    return _counted(words, count)


def _counted(words: str, count: int) -> str:
    # The msgids are blocktranslate's, so the catalogue's entries serve both.
    return words % {"counter": count}
