"""Rich text inside StreamField blocks is cleaned like RichTextField, on save and on render.

The block trees of every StreamField on every model are walked, so every rich-text or raw-HTML
block (top level or nested in a StructBlock, ListBlock or StreamBlock) is tried, and a new one
is covered the day it is added.
"""

import json
from http import HTTPStatus

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from wagtail import blocks
from wagtail.fields import StreamField

from tests.courses.factories import course, course_index, module, uid
from training.core.sanitise import SafeRawHTMLBlock, SafeRichTextBlock
from training.courses.models import ModulePage

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>Kept words</p><script>alert("owned")</script>'
    '<img src="x" onerror="alert(1)"><p onclick="steal()">Hi</p>'
    '<a href="javascript:alert(2)">click</a>'
)
MARKERS = ("<script", "alert(", "onerror", "onclick", "javascript:", "<img")
# The page itself loads scripts of its own: what the hostile value would add.
RENDER_MARKERS = ("alert(", "onerror=", "onclick=", "javascript:", 'src="x"')


def _children(block):
    if isinstance(block, blocks.ListBlock):
        return [("item", block.child_block)]
    if isinstance(block, blocks.StructBlock | blocks.StreamBlock):
        return list(block.child_blocks.items())
    return []


def _html_paths(block, path=()):
    """Each path of (name, block) pairs from `block` down to a rich-text or raw-HTML block."""
    if isinstance(block, blocks.RichTextBlock | blocks.RawHTMLBlock):
        yield path
        return
    for name, child in _children(block):
        yield from _html_paths(child, (*path, (name, child)))


def _stream_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                yield model, field


HTML_BLOCKS = [
    (model, field, path)
    for model, field in _stream_fields()
    for path in _html_paths(field.stream_block)
]


def _raw(block, path, html):
    """Raw stream data that puts `html` at the end of `path`, every other field at its default."""
    name, child = path[0]
    rest = path[1:]
    if isinstance(block, blocks.StreamBlock):
        return {"type": name, "id": uid(), "value": _raw(child, rest, html) if rest else html}
    if isinstance(block, blocks.ListBlock):
        return [{"type": "item", "id": uid(), "value": _raw(child, rest, html) if rest else html}]
    value = block.get_prep_value(block.get_default())
    value[name] = _raw(child, rest, html) if rest else html
    return value


def _label(item):
    model, field, path = item
    return f"{model.__name__}.{field.name}:" + "/".join(name for name, _ in path)


def test_there_are_rich_text_blocks_to_test():
    assert len(HTML_BLOCKS) >= 3  # module text, callout text, vignette story


@pytest.mark.parametrize("item", HTML_BLOCKS, ids=_label)
def test_every_rich_text_block_is_a_sanitising_one(item):
    _model, _field, path = item
    block = path[-1][1]
    assert isinstance(block, SafeRichTextBlock | SafeRawHTMLBlock), _label(item)


def _module_with(home_page, body) -> ModulePage:
    assert all(model is ModulePage for model, _f, _p in HTML_BLOCKS), "extend this builder"
    return module(course(course_index(home_page), title="Hostile"), body=body)


def _as_enrolled_trainee(client, page):
    from tests.factories import UserFactory
    from training.courses.services import enrolment_create

    trainee = UserFactory(trainee=True)
    enrolment_create(trainee=trainee, course=page.get_parent().specific)
    from tests.auth import sign_in

    sign_in(client, trainee)
    response = client.get(page.url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def _stored(page) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM courses_modulepage WHERE page_ptr_id = %s", [page.pk])
        return cursor.fetchone()[0]


@pytest.mark.parametrize("item", HTML_BLOCKS, ids=_label)
def test_hostile_html_is_cleaned_on_save_and_revision(home_page, item):
    _model, field, path = item
    page = _module_with(home_page, [_raw(field.stream_block, path, HOSTILE)])
    stored = _stored(page)
    assert "Kept words" in stored
    for marker in MARKERS:
        assert marker not in stored, marker
    revision = page.save_revision()
    revision_body = json.dumps(revision.content["body"])
    assert "Kept words" in revision_body
    for marker in MARKERS:
        assert marker not in revision_body, marker


@pytest.mark.parametrize("item", HTML_BLOCKS, ids=_label)
def test_hostile_html_already_stored_is_cleaned_on_render(client, home_page, item):
    _model, field, path = item
    page = _module_with(home_page, [])
    # Written past every Python save path, as an old row or a direct SQL edit would be.
    raw = json.dumps([_raw(field.stream_block, path, HOSTILE)])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_modulepage SET body = %s WHERE page_ptr_id = %s", [raw, page.pk]
        )
    body = _as_enrolled_trainee(client, ModulePage.objects.get(pk=page.pk))
    assert "Kept words" in body
    for marker in RENDER_MARKERS:
        assert marker not in body, marker


def test_a_preview_from_the_editor_form_is_cleaned():
    block = SafeRichTextBlock()
    assert "<script" not in block.value_from_form(HOSTILE).source
    assert "<script" not in block.normalize(HOSTILE).source
    assert "<script" not in str(block.render(block.normalize(HOSTILE)))


def test_raw_html_blocks_are_cleaned_too():
    block = SafeRawHTMLBlock()
    for value in (block.to_python(HOSTILE), block.get_prep_value(HOSTILE)):
        for marker in MARKERS:
            assert marker not in value
    assert reverse("wagtailadmin_home")  # the admin is routed where editors write these
