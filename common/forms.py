"""Model choice fields that read a chosen id the strict way (common.parsing)
before asking the database: a 30-digit "id" is an invalid choice, not a 500
("Python int too large to convert to SQLite INTEGER")."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.parsing import parse_count


def _check_id(field: forms.ModelChoiceField, value: object) -> None:
    if field.to_field_name is None and parse_count(str(value).strip()) is None:
        raise ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not isinstance(
            value, self.queryset.model
        ):
            _check_id(self, value)
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for each in value:
            try:
                _check_id(self, each)
            except ValidationError as error:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": each},
                ) from error
        return super()._check_values(value)


class PlainSelect(forms.Select):
    """Django's select, drawn in Python instead of a template per option: the
    idea list's filters (a few hundred options) took a quarter of the page's
    time through the template renderer. The markup is the same."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            format_html('<select name="{}"{}>', name, _attributes(widget["attrs"]))
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    str(option["value"]),
                    _attributes(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


def _attributes(attrs: dict[str, object]) -> str:
    """As django/forms/widgets/attrs.html: True is a bare name, False none."""
    drawn = "".join(
        format_html(" {}", key)
        if value is True
        else format_html(' {}="{}"', key, value)
        for key, value in attrs.items()
        if value is not False
    )
    return mark_safe(drawn)  # noqa: S308 - every part escaped by format_html
