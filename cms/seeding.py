"""Builds the demo strategy site in Swedish and English.

Idempotent: a page, district or setting that already exists is left as it is (an
editor may have changed it), so a second run adds nothing.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from cms import demo_content
from cms.models import District, GoalPage, HomePage, SiteSettings

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"


@dataclass
class SeedReport:
    pages_created: int = 0
    translations_created: int = 0
    districts_created: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.pages_created or self.translations_created or self.districts_created
        )


@transaction.atomic
def seed_demo_site() -> SeedReport:
    report = SeedReport()
    source, target = _ensure_locales()
    root = _ensure_root(source)
    tree = demo_content.site_tree()
    home = _ensure_page(root, tree, source, report)
    _ensure_site(home)
    goals = _seed_children(home, tree, source, target, report)
    _translate(home, tree, target, goals, report)
    report.districts_created = _ensure_districts()
    _ensure_site_settings()
    return report


def _ensure_locales() -> tuple[Locale, Locale]:
    source, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    target, _ = Locale.objects.get_or_create(language_code="en")
    return source, target


def _ensure_root(locale: Locale) -> Page:
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


def _page_model(spec: dict) -> type[Page]:
    return apps.get_model("cms", spec["model"])


def _ensure_page(
    parent: Page,
    spec: dict,
    locale: Locale,
    report: SeedReport,
    goals: dict[str, GoalPage] | None = None,
) -> Page:
    model = _page_model(spec)
    fields = spec["sv"]
    existing = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if existing is not None:
        return existing
    page = model(locale=locale, **spec.get("common", {}), **fields)
    if "goals" in spec:
        page.goals = [goals[key] for key in spec["goals"]]
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.pages_created += 1
    return page


def _seed_children(
    parent: Page,
    spec: dict,
    source: Locale,
    target: Locale,
    report: SeedReport,
    goals: dict[str, GoalPage] | None = None,
) -> dict[str, GoalPage]:
    """Create the Swedish tree below ``parent``; returns goal pages by their key."""
    goals = {} if goals is None else goals
    for child_spec in spec.get("children", []):
        child = _ensure_page(parent, child_spec, source, report, goals)
        if "key" in child_spec:
            goals[child_spec["key"]] = child
        _seed_children(child, child_spec, source, target, report, goals)
    return goals


def _translate(
    page: Page,
    spec: dict,
    target: Locale,
    goals: dict[str, GoalPage],
    report: SeedReport,
) -> None:
    """Give ``page`` and everything below it an English translation."""
    translation = page.specific.get_translation_or_none(target)
    if translation is None:
        translation = page.specific.copy_for_translation(target)
        for name, value in spec["en"].items():
            setattr(translation, name, value)
        if "goals" in spec:
            translation.goals = [
                goals[key].get_translation(target) for key in spec["goals"]
            ]
        translation.save_revision().publish()
        report.translations_created += 1
    children_by_slug = {child.slug: child for child in page.get_children()}
    for child_spec in spec.get("children", []):
        child = children_by_slug.get(child_spec["sv"]["slug"])
        if child is not None:
            _translate(child, child_spec, target, goals, report)


def _ensure_site(home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    if site.root_page_id != home.pk:
        previous = site.root_page
        site.root_page = home
        site.site_name = "Idéstad"
        site.save()
        # Wagtail's placeholder page is replaced by ours; anything else is kept.
        if previous.title == WAGTAIL_WELCOME_TITLE and previous.is_leaf():
            previous.delete()
    return site


def _ensure_districts() -> int:
    created = 0
    for order, name in enumerate(demo_content.DISTRICTS, start=1):
        _, was_created = District.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "sort_order": order}
        )
        created += was_created
    return created


def _ensure_site_settings() -> None:
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.get_or_create(
        site=site,
        defaults={
            "site_name": "Idéstad",
            "contact_email": "idestad@example.stockholm",
            "contact_phone": "08-508 00 000",
            "contact_address": "Stockholms stad\nStadshuset\n105 35 Stockholm",
            "is_demo": True,
        },
    )
