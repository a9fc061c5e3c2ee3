"""/healthz tells a load balancer whether this process can serve: database, cache, both file
stores and (where there is one) the broker; a failing one makes it a 500 that names it."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.files.storage import storages

pytestmark = pytest.mark.django_db(transaction=True)


def _checks(client):
    response = client.get("/healthz/", HTTP_ACCEPT="application/json")
    return response, response.json()


def test_every_service_is_checked_and_healthy(client):
    response, found = _checks(client)
    assert response.status_code == HTTPStatus.OK, found
    names = " ".join(found)
    assert "Database" in names and "Cache" in names
    assert "Storage(alias='default')" in names and "Storage(alias='private')" in names
    assert ("Redis" in names) == bool(settings.REDIS_URL)
    assert set(found.values()) == {"OK"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_failing_file_store_makes_it_a_500_naming_the_store(client, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(storages["private"], "_save", disk_full)
    response, found = _checks(client)
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    failing = [name for name, state in found.items() if state != "OK"]
    assert failing == ["Storage(alias='private')"]


def test_it_needs_no_sign_in_and_says_nothing_personal(client):
    response = client.get("/healthz/", HTTP_ACCEPT="text/plain")
    assert response.status_code == HTTPStatus.OK
    assert "@" not in response.content.decode()
