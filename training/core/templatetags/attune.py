"""Filters every template can use (registered as builtins in settings)."""

from decimal import InvalidOperation

from django import template

from training.core.hours import format_hours

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people write them, rounded half up to two places: 2.25, 1.5, 30."""
    try:
        return format_hours(str(value))
    except (InvalidOperation, ValueError):
        return ""
