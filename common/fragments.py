"""Rendered fragments shared through the cache, keyed by what they show.

A fragment's key is a digest of every value the fragment shows (an idea card's
title, counts, status, author's name, goals…), of the language and of the
templates and translations that render it. Nothing is ever invalidated: a
change to anything shown is a new key, so no reader can be served a stale
support count or status, and the old fragment ages out of the cache. The page
still reads its rows; what is saved is rendering them, which profiling showed
to be most of a list page's time.

All fragments of a list are fetched in one round trip and the missing ones
stored in one. While the cache is away everything is rendered.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from functools import cache as once
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")


def digest(*values: object) -> str:
    """A short, stable digest of ``values`` (their ``repr``)."""
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


@once
def code_version(templates: tuple[str, ...]) -> str:
    """Changes with the templates' source and the compiled translations, so a
    deploy that changes either never shows fragments rendered before it."""
    parts = [get_template(name).template.source for name in templates]
    for folder in settings.LOCALE_PATHS:
        for catalogue in sorted(Path(folder).glob("*/LC_MESSAGES/django.mo")):
            parts.append(catalogue.read_bytes().hex())
    return digest(*parts)[:12]


def render_many(
    template: str,
    items: Sequence[T],
    *,
    shown: Callable[[T], Iterable[object]],
    context: Callable[[T], dict[str, object]],
    includes: tuple[str, ...] = (),
) -> list[SafeString]:
    """``template`` rendered for each item with ``context(item)``, from the
    cache where the same values (``shown(item)``) were rendered before.
    ``includes`` names the templates it includes, whose source also keys it."""
    if not items:
        return []
    seconds = settings.FRAGMENT_CACHE_SECONDS
    version = code_version((template, *includes))
    language = translation.get_language()
    keys = [
        f"fragment:{version}:{digest(template, language, *shown(item))}"
        for item in items
    ]
    found = cache.get_many(keys) if seconds else {}
    compiled = get_template(template)
    rendered, fresh = [], {}
    for key, item in zip(keys, items, strict=True):
        html = found.get(key)
        if html is None:
            html = compiled.render(context(item))
            fresh[key] = html
        rendered.append(mark_safe(html))  # noqa: S308 - our template's output
    if fresh and seconds:
        cache.set_many(fresh, seconds)
    return rendered
