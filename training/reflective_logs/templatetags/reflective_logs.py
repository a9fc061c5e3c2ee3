from django import template

register = template.Library()


@register.filter
def section_comments(comments_by_section: dict, section: str) -> list:
    """The comments anchored to one section."""
    return (comments_by_section or {}).get(section, [])


@register.filter
def unwritten_sections(log, comments_by_section: dict) -> list[str]:
    """Headings of the sections left empty (and not commented on), to name on one line."""
    return [
        label
        for name, label, text in log.sections()
        if not text and not (comments_by_section or {}).get(name)
    ]
