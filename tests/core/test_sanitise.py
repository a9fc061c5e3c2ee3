import pytest
from PIL import Image

from training.core.sanitise import clean_html

pytestmark = pytest.mark.django_db


def test_rich_text_keeps_formatting_and_wagtail_references():
    html = (
        '<p>Hold the <b>baby</b> in mind <a linktype="page" id="3">here</a></p>'
        '<embed embedtype="image" id="7" format="left" alt="A parent and child"/>'
    )
    assert clean_html(html) == html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<p style="background:url(x)" onclick="steal()">x</p>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_scripts_handlers_and_foreign_tags_are_removed(hostile):
    cleaned = clean_html(hostile)
    for marker in ("<script", "onerror", "javascript:", "onclick", "style=", "<iframe", "<img"):
        assert marker not in cleaned


def test_rich_text_is_sanitised_on_save(home_page):
    home_page.body = '<p>Welcome</p><script>document.cookie</script><p onclick="x()">Hi</p>'
    home_page.save()
    home_page.refresh_from_db()
    assert home_page.body == "<p>Welcome</p><p>Hi</p>"


def test_pillow_refuses_decompression_bombs(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
