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


@register.simple_tag
def submission_key() -> str:
    """A one-time key for a create-type form: sending it twice takes effect once."""
    from django.utils.html import format_html

    from training.core.submissions import FIELD, new_key

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
