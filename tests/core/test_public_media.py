"""Course images are served with DEBUG off on a single host; nothing else under MEDIA_ROOT is."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        settings.ATTUNE_STORAGE != "filesystem", reason="with a bucket, media URLs point there"
    ),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert not settings.DEBUG
    return tmp_path


def test_an_image_is_served_with_debug_off(client, media):
    default_storage.save("original_images/baby.png", ContentFile(b"\x89PNG image bytes"))
    response = client.get("/media/original_images/baby.png")
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == b"\x89PNG image bytes"
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name",
    ["ledger-digests/2026-12-01.json", "documents/handout.pdf", "../var/private/x.zip"],
)
def test_nothing_outside_the_image_folders_is_served(client, media, name):
    if not name.startswith(".."):
        default_storage.save(name, ContentFile(b"not for the public"))
    response = client.get(f"/media/{name}")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"not for the public" not in response.content
