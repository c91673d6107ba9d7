from django import forms, template
from django.forms import BoundField
from django.http import QueryDict
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag
def plain_field(
    field: BoundField, id_prefix: str = "", counts: dict | None = None
) -> str:
    """A filter or bulk-action field as plain HTML, built here: the list's
    selects have many options, and Django's template-per-option widgets made
    them a quarter of the page's time (bench/backoffice.py). With ``counts``
    (the triage's), each option of a counted filter shows its count."""
    widget_id = f"{id_prefix}{field.name}"
    label = format_html(
        '<label class="w-field__label" for="{}">{}</label>', widget_id, field.label
    )
    value = field.value()
    if isinstance(field.field.widget, forms.CheckboxInput):
        control = format_html(
            '<input type="checkbox" name="{}" id="{}"{}>',
            field.html_name,
            widget_id,
            mark_safe(" checked") if value else "",  # noqa: S308 - a constant
        )
    elif isinstance(field.field.widget, forms.Select):
        chosen = "" if value in (None, "") else str(value)
        counted = (counts or {}).get(field.name)
        options = mark_safe(  # noqa: S308 - every value and text is escaped here
            "".join(
                _option(str(key), text, str(key) == chosen, counted)
                for key, text in field.field.choices
            )
        )
        control = format_html(
            '<select name="{}" id="{}">{}</select>', field.html_name, widget_id, options
        )
    elif isinstance(field.field.widget, forms.Textarea):
        control = format_html(
            '<textarea name="{}" id="{}" rows="2" maxlength="{}">{}</textarea>',
            field.html_name,
            widget_id,
            field.field.max_length or "",
            value or "",
        )
    else:
        control = format_html(
            '<input type="text" name="{}" id="{}" value="{}" maxlength="{}">',
            field.html_name,
            widget_id,
            value or "",
            field.field.max_length or "",
        )
    return format_html('<div class="w-field">{}{}</div>', label, control)


def _option(key: str, text: object, selected: bool, counted: dict | None) -> str:
    """One option, escaped: plain string work, as a select may have hundreds."""
    if counted is not None and key != "":
        text = f"{text} ({counted.get(key, 0)})"
    chosen = " selected" if selected else ""
    return f'<option value="{escape(key)}"{chosen}>{escape(text)}</option>'
