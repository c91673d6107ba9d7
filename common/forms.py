"""Model choice fields that read a chosen id the strict way (common.parsing)
before asking the database: a 30-digit "id" is an invalid choice, not a 500
("Python int too large to convert to SQLite INTEGER")."""

from django import forms
from django.core.exceptions import ValidationError

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
