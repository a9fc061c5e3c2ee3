"""Every rich text field is cleaned with nh3 before it is saved, whoever wrote it."""

import re
from functools import cache

import nh3
from wagtail.fields import RichTextField

# Wagtail's stored rich text: ordinary formatting plus its own link and embed references.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "b", "i", "strong", "em", "u", "s",
    "sub", "sup", "code", "blockquote", "ul", "ol", "li", "a", "embed",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
_EMBED_TAG = re.compile(r"<embed(\b[^>]*?)\s*/?>")


def clean_html(value: str) -> str:
    """Strip scripts, event handlers and anything outside the rich-text vocabulary."""
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )
    # Wagtail reads embeds only in their self-closing form.
    return _EMBED_TAG.sub(lambda m: f"<embed{m.group(1)}/>", cleaned)


@cache
def _rich_text_fields(model) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields if isinstance(f, RichTextField))


def sanitise_rich_text_fields(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    for name in _rich_text_fields(sender):
        value = getattr(instance, name)
        if value:
            setattr(instance, name, clean_html(value))
