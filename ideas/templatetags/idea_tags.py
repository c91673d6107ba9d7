from django import template

from ideas.selectors import idea_list_for_user

register = template.Library()


@register.inclusion_tag("includes/person_ideas.html", takes_context=True)
def ideas_by(context: template.Context, person: object) -> dict[str, object]:
    """A person's ideas on their public page (drafts only to themselves)."""
    viewer = context["request"].user
    ideas = list(idea_list_for_user(author=person, viewer=viewer)[:50])
    return {"ideas": ideas, "person": person}
