"""The site's locales (a row per content language), kept in each process.

Pages asked the database for the active locale two or three times each
(``Locale.get_active()``, ``Locale.get_default()``, ``page.locale``), for rows
that change when an administrator adds a language. Each process keeps a copy
under a version in the shared cache, which a Locale's save or delete moves
(``connect``), so another process reads the new rows on its next call."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from common import versions

VERSION_KEY = "locales:version"

# One entry, for the version read last: {version: (by language code, by id)}.
_here: dict[int, tuple[dict[str, Locale], dict[int, Locale]]] = {}


def active_locale() -> Locale:
    """``Locale.get_active()``: the locale of the active language, or the
    default one where the site has no such locale."""
    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return default_locale()
    return _locales()[0].get(code) or default_locale()


def default_locale() -> Locale:
    """``Locale.get_default()``, the site's first language."""
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale = _locales()[0].get(code)
    if locale is None:
        raise Locale.DoesNotExist(f"No locale for {code!r}.")
    return locale


def locale_of(page) -> Locale:
    """``page.locale`` without a query."""
    return _locales()[1].get(page.locale_id) or page.locale


def _locales() -> tuple[dict[str, Locale], dict[int, Locale]]:
    current = versions.read(VERSION_KEY)
    kept = _here.get(current) if current is not None else None
    if kept is None:
        rows = list(Locale.objects.all())
        kept = ({row.language_code: row for row in rows}, {row.pk: row for row in rows})
        _here.clear()
        if current is not None:
            _here[current] = kept
    return kept


# After the shared cache was emptied (Redis restarted) a counter starts
# later than any earlier version: a process must not take its own copy of
# an older version's rows for the new one's.
versions.register(VERSION_KEY)


def _move() -> None:
    versions.move(VERSION_KEY)


def changed(**kwargs: object) -> None:
    """Move the version now and once the change has committed: a process
    reading between the two could have kept rows not committed yet."""
    _move()
    transaction.on_commit(_move, robust=True)


def connect() -> None:
    """Move the version on every change of a locale, and have Wagtail's own
    ``Locale.get_active()`` and ``Locale.get_default()`` (asked while routing
    each page, in ``page.localized``) read the kept copy too."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(changed, sender=Locale, dispatch_uid="common.locales.saved")
    post_delete.connect(changed, sender=Locale, dispatch_uid="common.locales.deleted")
    Locale.get_active = classmethod(lambda cls: active_locale())
    Locale.get_default = classmethod(lambda cls: default_locale())
