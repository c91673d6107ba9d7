"""The site's navigation (menu, footer, home link), cached per site and language.

Every page view needs it, and it changes only when editors publish, unpublish,
move or delete pages, so it is kept in the shared cache under a version number
that those events bump (``bump``), instead of being read from the page tree on
every request.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cms.models import StandardPage
from common import versions
from common.locales import active_locale, default_locale

VERSION_KEY = "cms:navigation:version"
TIMEOUT = 60 * 60


def bump(**kwargs: object) -> None:
    """Move the version now and again once the change has committed: a reader
    between the two could have kept what was not committed yet."""
    _move()
    transaction.on_commit(_move, robust=True)


def _move() -> None:
    versions.move(VERSION_KEY)


# After the shared cache was emptied (Redis restarted) a counter starts
# later than any earlier version: a process must not take its own copy of
# an older version's rows for the new one's.
versions.register(VERSION_KEY)


def version() -> int:
    """Changes whenever pages are published, unpublished, moved or deleted."""
    return _version()


def _version() -> int:
    return versions.read(VERSION_KEY)


def navigation(request: HttpRequest) -> dict[str, object]:
    """``{"home": {...} | None, "menu": [...], "footer": [...]}``, each item a
    dict with ``url``, ``title`` and (menu) ``pk`` and ``path``."""
    cached = getattr(request, "_idestad_navigation", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    locale = active_locale()
    key = f"cms:navigation:{_version()}:{site.pk if site else 0}:{locale.pk}"
    data = cache.get(key)
    if data is None:
        data = _build(request, site, locale)
        cache.set(key, data, TIMEOUT)
    request._idestad_navigation = data
    return data


def _build(
    request: HttpRequest, site: Site | None, locale: Locale
) -> dict[str, object]:
    home = site.root_page.localized if site else None
    if home is None:
        return {"home": None, "menu": [], "footer": []}
    menu = [
        {"pk": p.pk, "path": p.path, "url": p.get_url(request), "title": p.title}
        for p in home.get_children().live().public().in_menu()
    ]
    footer = [
        {"url": p.get_url(request), "title": p.title}
        for p in StandardPage.objects.live()
        .public()
        .filter(locale=locale, show_in_footer=True)
        .order_by("path")
    ]
    return {
        "home": {"pk": home.pk, "url": home.get_url(request), "title": home.title},
        "menu": menu,
        "footer": footer,
    }


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(bump, dispatch_uid="cms-nav-published")
    page_unpublished.connect(bump, dispatch_uid="cms-nav-unpublished")
    post_delete.connect(_on_delete, dispatch_uid="cms-nav-deleted")
    post_save.connect(bump, sender=Site, dispatch_uid="cms-nav-site")
    post_delete.connect(bump, sender=Site, dispatch_uid="cms-nav-site-deleted")
    post_save.connect(
        _settings_saved, sender="cms.SiteSettings", dispatch_uid="cms-nav-settings"
    )
    post_page_move.connect(bump, dispatch_uid="cms-nav-moved")
    # A page made private (or public again) leaves (or joins) what is listed.
    post_save.connect(
        bump, sender=PageViewRestriction, dispatch_uid="cms-nav-restricted"
    )
    post_delete.connect(
        bump, sender=PageViewRestriction, dispatch_uid="cms-nav-unrestricted"
    )


def _settings_saved(sender: type, created: bool, **kwargs: object) -> None:
    """cms.sites keeps each site's settings under the version: a change moves
    it. A new row needs not: nobody can have kept a row that did not exist."""
    if not created:
        bump()


def _on_delete(sender: type, instance: object, **kwargs: object) -> None:
    if isinstance(instance, Page):
        bump()


# Labels already read in this process, by cache key: the key holds the version,
# so a publication anywhere makes them unreachable here as in the shared cache.
_labels_here: dict[str, dict[int, dict[str, object]]] = {}


def goal_labels(locale: Locale) -> dict[int, dict[str, object]]:
    """Every live goal page's id (in any language) → how to show that goal in
    ``locale``: title, url, colour and tree path. Cached like the navigation,
    and kept in the process for the version it was read at. Do not change it."""
    key = f"cms:goal-labels:{_version()}:{locale.pk}"
    return _labels(key, lambda: _build_goal_labels(locale))


def goal_labels_in_default_language() -> dict[int, dict[str, object]]:
    """``goal_labels`` in the site's first language, without asking the
    database which locale that is unless the labels must be built."""
    key = f"cms:goal-labels:{_version()}:default:{settings.LANGUAGE_CODE}"
    return _labels(key, lambda: _build_goal_labels(default_locale()))


def challenge_refs() -> dict[int, dict[str, object]]:
    """Every live public challenge page's id → its title and url (in the
    page's own language), cached like the goal labels: an idea names its
    challenge from here instead of joining two page tables per idea. A
    challenge unpublished or made private is not here, so it is not named."""
    return _labels(f"cms:challenge-refs:{_version()}", _build_challenge_refs)


def _build_challenge_refs() -> dict[int, dict[str, object]]:
    from cms.models import ChallengePage

    return {
        page.pk: {"title": page.title, "url": page.url}
        for page in ChallengePage.objects.live().public().order_by("path")
    }


def _labels(
    key: str, build: Callable[[], dict[int, dict[str, object]]]
) -> dict[int, dict[str, object]]:
    labels = _labels_here.get(key)
    if labels is None:
        labels = cache.get(key)
        if labels is None:
            labels = build()
            cache.set(key, labels, TIMEOUT)
        if len(_labels_here) > 32:
            _labels_here.clear()
        _labels_here[key] = labels
    return labels


def _build_goal_labels(locale: Locale) -> dict[int, dict[str, object]]:
    from cms.models import GoalPage

    goals = GoalPage.objects.live().public()
    localized = {page.translation_key: page for page in goals.filter(locale=locale)}
    labels = {}
    for pk, translation_key in goals.values_list("pk", "translation_key"):
        page = localized.get(translation_key)
        if page is not None:
            labels[pk] = {
                "title": page.title,
                "url": page.url,
                "colour": page.colour,
                "path": page.path,
            }
    return labels
