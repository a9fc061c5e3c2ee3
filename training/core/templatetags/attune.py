"""Filters every template can use (registered as builtins in settings)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people write them, rounded half up to two places: 2.25, 1.5, 30."""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    return format(amount.normalize(), "f")
