"""Every rich text field, and every rich-text or raw-HTML block inside a StreamField, is cleaned
with nh3 before it is saved, whoever wrote it (blocks also when they are read back)."""

import re
from functools import cache

import nh3
from django.utils.encoding import force_str
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText

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


@cache
def _stream_fields(model) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields if isinstance(f, StreamField))


def sanitise_rich_text_fields(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    for name in _rich_text_fields(sender):
        value = getattr(instance, name)
        if value:
            setattr(instance, name, clean_html(value))
    for name in _stream_fields(sender):
        value = getattr(instance, name)
        if value:
            # A StreamValue saves items it never converted as their raw JSON; converting each
            # one makes every block's get_prep_value (which cleans, see below) run on save.
            list(value)


class SafeRichTextBlock(blocks.RichTextBlock):
    """A StreamField rich-text block cleaned like RichTextField: when it is saved (revisions
    included), when it is read back (so anything stored before still renders clean) and when
    an editor's form or code hands it a value (previews)."""

    def _clean(self, value) -> RichText:
        source = value.source if isinstance(value, RichText) else force_str(value or "")
        return RichText(clean_html(source) if source else source)

    def to_python(self, value):
        return self._clean(value)

    def normalize(self, value):
        return self._clean(value)

    def value_from_form(self, value):
        return self._clean(value)

    def get_prep_value(self, value):
        return self._clean(value).source


class SafeRawHTMLBlock(blocks.RawHTMLBlock):
    """Raw HTML limited to the rich-text vocabulary, on save and on render."""

    def to_python(self, value):
        return mark_safe(clean_html(force_str(value or "")))  # noqa: S308 - cleaned just now

    def normalize(self, value):
        return self.to_python(value)

    def value_from_form(self, value):
        return self.to_python(value)

    def get_prep_value(self, value):
        return clean_html(force_str(value or ""))
