from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.fragments import render_many
from ideas.models import Idea
from ideas.selectors import idea_list_for_user

register = template.Library()


@register.inclusion_tag("includes/person_ideas.html", takes_context=True)
def ideas_by(context: template.Context, person: object) -> dict[str, object]:
    """A person's ideas on their public page (drafts only to themselves)."""
    viewer = context["request"].user
    ideas = list(idea_list_for_user(author=person, viewer=viewer)[:50])
    return {"ideas": ideas, "person": person}


CARD = "includes/idea_card.html"
CARD_INCLUDES = ("includes/goal_tags.html", "includes/idea_author.html")


@register.simple_tag
def idea_cards(ideas: Iterable[Idea], heading: str = "h3") -> SafeString:
    """The cards of a list of ideas, each rendered once for everyone until
    something it shows changes (common/fragments.py). The ideas come with
    author, organisation and district loaded and ``localized_goals`` set."""
    ideas = list(ideas)
    cards = render_many(
        CARD,
        ideas,
        shown=lambda idea: _card_shows(idea, heading),
        context=lambda idea: {"idea": idea, "heading": heading},
        includes=CARD_INCLUDES,
    )
    return mark_safe("".join(cards))  # noqa: S308 - rendered by our templates


def _card_shows(idea: Idea, heading: str) -> tuple[object, ...]:
    """Every value the card shows; a change to any is a new card."""
    author, organisation, district = idea.author, idea.organisation, idea.district
    goals = tuple(
        (goal["title"], goal["url"], goal["colour"])
        for goal in getattr(idea, "localized_goals", ())
    )
    return (
        heading, idea.pk, idea.slug, idea.status, idea.kind, idea.title,
        idea.summary, idea.support_count, idea.comment_count, idea.author_role,
        idea.assisted_by_id, idea.author_id,
        author.display_name if author else None,
        organisation.name if organisation else None,
        district.name if district else None,
        goals,
    )  # fmt: skip
