"""The bench's reference request: served through the whole middleware stack where the scale
world is installed (dev and test settings), absent from production (no such app or route)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from training.scale.bench import ANONYMOUS_REFERENCE, PROBES, SIGNED_IN_REFERENCE

pytestmark = pytest.mark.django_db


def test_the_reference_answers_anyone_and_writes_nothing(client, login, trainee):
    url = reverse("bench_reference")
    assert url == "/_bench/reference/"
    assert client.get(url).content == b"ok"
    response = login(trainee).get(url)
    assert response.status_code == HTTPStatus.OK and response.content == b"ok"


def test_the_bench_times_both_references_first():
    names = [probe.name for probe in PROBES]
    assert names[:2] == [ANONYMOUS_REFERENCE, SIGNED_IN_REFERENCE]
    assert PROBES[0].role is None and PROBES[1].role is not None
