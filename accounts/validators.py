"""Swedish organisation numbers (organisationsnummer)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_NUMBER = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return total % 10 == 0


def normalise_org_number(value: str) -> str:
    """``5560360793``, ``556036-0793`` and ``16556036-0793`` all become
    ``556036-0793``; anything else is refused with a reason."""
    match = ORG_NUMBER.match(value.strip().replace(" ", ""))
    if not match:
        raise ValidationError(
            _("Write the organisation number as ten digits, e.g. 556036-0793."),
            code="format",
        )
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2:
        raise ValidationError(
            _("This is not an organisation number (the third digit is at least 2)."),
            code="not_organisation",
        )
    if not luhn_is_valid(digits):
        raise ValidationError(
            _("The check digit does not match. Check the number for typos."),
            code="check_digit",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_org_number(value: str) -> None:
    normalise_org_number(value)
