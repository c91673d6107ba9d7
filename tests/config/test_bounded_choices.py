"""A chosen id the database cannot hold is an invalid choice with the
field's own message, on SQLite as on PostgreSQL (common/forms.py)."""

import pytest
from django.core.exceptions import ValidationError

from cms.models import District
from common.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["9" * 30, "١٢", "1\x00", "-1", "1e3", "²"])
def test_ids_that_are_not_ids_are_invalid_choices(value):
    one = BoundedModelChoiceField(queryset=District.objects.all())
    many = BoundedModelMultipleChoiceField(queryset=District.objects.all())
    with pytest.raises(ValidationError) as refused:
        one.clean(value)
    assert refused.value.code == "invalid_choice"
    with pytest.raises(ValidationError) as refused_many:
        many.clean([value])
    assert refused_many.value.code == "invalid_pk_value"


def test_a_real_id_is_still_chosen():
    kista = District.objects.create(name="Kista", slug="kista")
    assert (
        BoundedModelChoiceField(queryset=District.objects.all()).clean(str(kista.pk))
        == kista
    )
    chosen = BoundedModelMultipleChoiceField(queryset=District.objects.all()).clean(
        [str(kista.pk)]
    )
    assert list(chosen) == [kista]
