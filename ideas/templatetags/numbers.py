"""Numbers as people read them in the page's language: grouped by thousands
("1 200 000" in Swedish, "1,200,000" in English), without decimals that say
nothing ("12", not "12,00"), and with their unit kept on the same line.

Used where a template shows a quantity; ids and counts in attributes stay
plain, so grouping is never switched on for the whole site."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()
NBSP = "\u00a0"
MAX_DECIMALS = 2


@register.filter
def number(value: object) -> str:
    """A grouped number with at most two decimals, and none when whole."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    places = 0
    if amount != amount.to_integral_value():
        exponent = amount.normalize().as_tuple().exponent
        places = min(MAX_DECIMALS, -int(exponent))
    text = number_format(amount, places, use_l10n=True, force_grouping=True)
    # Grouping with a non-breaking space keeps "1 200 000" on one line.
    return text.replace(" ", NBSP)


@register.filter
def with_unit(value: object, unit: str) -> str:
    """A number and its unit, unbreakable: "12 st", "1 200 000 kr"."""
    shown = number(value)
    return f"{shown}{NBSP}{unit}" if unit and shown else shown


@register.filter
def kronor(value: object) -> str:
    return with_unit(value, _("kr"))
