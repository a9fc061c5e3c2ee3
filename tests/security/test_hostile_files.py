"""Oversized bodies are refused before they are read; decompression bombs are refused politely."""

import io
import os
import subprocess
import sys
import time
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.auth import sign_in
from tests.factories import UserFactory
from tests.records.test_external_training import form_data
from tests.urlwalk import routes
from training.core.middleware import request_max_bytes
from training.records.models import TrainingRecord

pytestmark = pytest.mark.django_db

GIB = 1024**3


class _Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def _post_huge(client, path, length=GIB):
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": _Unreadable()},
    )


def test_the_anonymous_login_page_refuses_a_huge_body_without_reading_it(client):
    started = time.monotonic()
    response = _post_huge(client, reverse("account_login"))
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert time.monotonic() - started < 1
    assert "too large" in response.content.decode()


def test_every_route_refuses_a_body_over_its_limit_unread(client):
    """The class: every URL the resolver knows, a body one byte over that path's limit."""
    for route in routes():
        limit = request_max_bytes(route.path)
        response = _post_huge(client, route.path, limit + 1)
        assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE, route


def test_limits_follow_the_path(settings):
    assert request_max_bytes("/accounts/login/") == settings.ATTUNE_REQUEST_MAX_BYTES
    assert request_max_bytes("/training/add/") > 10 * 1024 * 1024  # a 10 MiB certificate fits
    assert request_max_bytes("/admin/images/multiple/add/") >= 32 * 1024 * 1024
    assert request_max_bytes("/admin/documents/multiple/add/") >= 32 * 1024 * 1024


def test_a_body_within_the_limit_is_served(client):
    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert response.status_code != HTTPStatus.REQUEST_ENTITY_TOO_LARGE


def test_a_malformed_content_length_is_a_400(client):
    response = client.generic("POST", "/accounts/login/", b"", CONTENT_LENGTH="lots")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def bomb_png(megapixels: int = 49) -> bytes:
    """A 1-bit PNG of `megapixels` million pixels: a few kilobytes on disk."""
    side = int((megapixels * 1_000_000) ** 0.5) + 1
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def test_pillow_limit_is_explicit_and_its_warning_is_an_error(settings, tmp_path):
    """In a fresh process (pytest resets warning filters per test): after Django starts, a
    49-megapixel image cannot be opened anywhere, e.g. by Wagtail making a rendition."""
    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS < 49_000_000
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(bomb_png())
    script = (
        "import django, sys; django.setup(); from PIL import Image\n"
        "try:\n    Image.open(sys.argv[1])\n"
        "except Image.DecompressionBombWarning:\n    print('refused')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "training.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(bomb)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.stdout.strip() == "refused", done.stderr


def test_a_49_megapixel_certificate_is_a_form_error(client, trainee):
    sign_in(client, trainee)
    upload = SimpleUploadedFile("scan.png", bomb_png(), content_type="image/png")
    response = client.post(reverse("records_training_add"), form_data(certificate=upload))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "million pixels" in response.content.decode()
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize("url", ["wagtailimages:add", "wagtailimages:add_multiple"])
def test_a_49_megapixel_wagtail_image_is_a_form_error(client, url):
    from wagtail.images import get_image_model

    admin = UserFactory(is_superuser=True, is_staff=True, with_mfa=True)
    sign_in(client, admin, second_factor=True)
    upload = SimpleUploadedFile("bomb.png", bomb_png(), content_type="image/png")
    data = {"title": "bomb", "file": upload, "collection": 1}
    if url == "wagtailimages:add_multiple":
        data = {"files[]": upload}
    response = client.post(reverse(url), data, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
    assert "too many pixels" in response.content.decode()
    assert not get_image_model().objects.filter(title__startswith="bomb").exists()
