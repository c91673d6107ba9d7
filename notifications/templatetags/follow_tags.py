from django import template
from wagtail.models import Page

from common.locales import default_locale
from notifications.selectors import is_following

register = template.Library()


@register.inclusion_tag("includes/follow_page.html", takes_context=True)
def follow_page_button(context: template.Context, page: Page) -> dict[str, object]:
    """A follow button for a goal or challenge; following is kept on the
    default-language page."""
    request = context["request"]
    default = default_locale()
    target = page
    if page.locale_id != default.pk:
        target = page.get_translation_or_none(default) or page
    return {
        "request": request,
        "page": page,
        "user": request.user,
        "following": is_following(request.user, target),
        "csrf_token": context.get("csrf_token"),
    }
