"""Sections of CMS pages that other apps own.

A goal page lists the ideas and projects linked to it, a challenge page the
ideas sent to it, the home page the newest ideas: content that lives in apps
above ``cms`` (ideas, forum). ``cms`` imports none of them; instead each app
registers what it shows on which page type, in its ``AppConfig.ready()``, as
Wagtail's hooks do::

    register_page_section(GoalPage, "ideas", template="ideas/sections/goal.html",
                          context=goal_ideas, order=10)

and the page's template draws the sections of a slot, in order::

    {% page_sections page "main" %}

``context(page, request)`` returns the section's template context, or None to
leave the section out. Each must read a bounded number of rows with a constant
number of queries, so the page's queries do not grow with the data.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from wagtail.models import Page

SectionContext = Callable[[Page, HttpRequest], dict | None]


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: SectionContext
    slot: str = "main"
    order: int = 100


_sections: dict[type[Page], dict[str, Section]] = {}


def register_page_section(
    page_type: type[Page],
    name: str,
    *,
    template: str,
    context: SectionContext,
    slot: str = "main",
    order: int = 100,
) -> None:
    """Show ``template`` on every page of ``page_type`` (registering a name
    again replaces it, so a reload in development does not double it)."""
    _sections.setdefault(page_type, {})[name] = Section(
        name=name, template=template, context=context, slot=slot, order=order
    )


def sections_for(page: Page, slot: str) -> list[Section]:
    found = [
        section
        for page_type, sections in _sections.items()
        if isinstance(page, page_type)
        for section in sections.values()
        if section.slot == slot
    ]
    return sorted(found, key=lambda section: (section.order, section.name))
