"""Navigation, footer and language switcher, built from the page tree; and the
sections other apps add to pages (cms.sections)."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from cms import cached_blocks
from cms.navigation import TIMEOUT, navigation, version
from cms.sections import sections_for

register = template.Library()


def _localized_home(request: HttpRequest) -> Page | None:
    cache_attr = "_idestad_localized_home"
    if not hasattr(request, cache_attr):
        site = Site.find_for_request(request)
        home = site.root_page.localized if site else None
        setattr(request, cache_attr, home)
    return getattr(request, cache_attr)


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> list[dict[str, object]]:
    """Menu pages under the home page, each marked "page" when it is the current
    page and "true" when the current page lies below it (for aria-current)."""
    current = context.get("page")
    items = []
    for item in navigation(context["request"])["menu"]:
        marker = ""
        if isinstance(current, Page):
            if current.pk == item["pk"]:
                marker = "page"
            elif current.path.startswith(item["path"]):
                marker = "true"
        items.append({**item, "current": marker})
    return items


@register.simple_tag(takes_context=True)
def home_page(context: template.Context) -> dict[str, object] | None:
    """The home page in the current language, as ``url`` and ``title``."""
    return navigation(context["request"])["home"]


@register.simple_tag(takes_context=True)
def footer_pages(context: template.Context) -> list[dict[str, object]]:
    return navigation(context["request"])["footer"]


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, object]]:
    """One link per language to this same page in that language.

    A Wagtail page links to its translation; any other view to the same path under
    the other language prefix. A page without a translation falls back to the
    translated home page, so the switcher never leads to a 404.
    """
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    urls: dict[str, str] = {}
    if isinstance(page, Page):
        urls = _translation_urls(request, page)
    links = []
    for code, name in settings.LANGUAGES:
        url = urls.get(code) or translate_url(request.get_full_path(), code)
        links.append(
            {"code": code, "name": name, "url": url, "current": code == current}
        )
    return links


def _translation_urls(request: HttpRequest, page: Page) -> dict[str, str]:
    """The page's address in each language it is live in (else the home page's),
    kept in the shared cache until pages change (``navigation.version``)."""
    site = Site.find_for_request(request)
    key = f"cms:translations:{version()}:{site.pk if site else 0}:{page.pk}"
    urls = cache.get(key)
    if urls is not None:
        return urls
    urls = {}
    for translated in (
        page.get_translations(inclusive=True).live().public().select_related("locale")
    ):
        urls[translated.locale.language_code] = translated.get_url(request)
    home = _localized_home(request)
    fallback = (
        home.get_translations(inclusive=True).live().select_related("locale")
        if home
        else []
    )
    for translated_home in fallback:
        code = translated_home.locale.language_code
        urls.setdefault(code, translated_home.get_url(request))
    cache.set(key, urls, TIMEOUT)
    return urls


@register.simple_tag
def cms_block(page: Page, name: str) -> str:
    """A block of CMS content only, rendered once for everyone until the
    pages change (cms/cached_blocks.py)."""
    return cached_blocks.block(page, name)


@register.simple_tag(takes_context=True)
def page_sections(context: template.Context, page: Page, slot: str = "main") -> str:
    """The sections other apps registered for this page type (cms.sections),
    each drawn with its own template and context."""
    request = context.get("request")
    parts = []
    for section in sections_for(page, slot):
        section_context = section.context(page, request)
        if section_context is None:
            continue
        parts.append(
            render_to_string(
                section.template,
                {"page": page, **section_context},
                request=request,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - rendered by our own templates
