from django import template

register = template.Library()


@register.filter
def section_comments(comments_by_section: dict, section: str) -> list:
    """The comments anchored to one section."""
    return (comments_by_section or {}).get(section, [])
