from django import template
from django.http import QueryDict

register = template.Library()


@register.filter
def get(mapping: dict, key: object) -> object:
    """``counts.status|get:value``: a dict's item by a variable key."""
    return (mapping or {}).get(str(key), 0)


@register.simple_tag
def query_with(query: str, **changes: object) -> str:
    """The current filters with some replaced, and the page reset; choosing
    an option that is already chosen clears it."""
    params = QueryDict(query, mutable=True)
    for name, value in changes.items():
        if params.get(name) == str(value):
            params.pop(name)
        else:
            params[name] = str(value)
    params.pop("p", None)
    return params.urlencode()
