"""Hostile values in every field of the invitation and rating forms: never a 5xx, never
markup coming back unescaped."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.security.test_fuzz_forms import HOSTILE, MARKUP
from training.references.models import ReferenceRequest

from .conftest import rating_post
from .factories import make_request

pytestmark = pytest.mark.django_db

INVITE_FIELDS = ("rater_name", "rater_email", "role", "waived")
RATING_FIELDS = (
    "known_months",
    "rater_category",
    "rater_endorsement_number",
    "rater_vetted",
    "comments",
    "reflection_self",
)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_invitations_are_refused_or_escaped(login, applicant, value):
    client = login(applicant)
    for field in INVITE_FIELDS:
        data = {"rater_name": "Dana", "rater_email": "dana@x.example", "role": "colleague"}
        data[field] = value
        response = client.post(reverse("references_invite"), data)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (field, value)
        assert MARKUP not in response.content.decode(), field
        ReferenceRequest.objects.all().delete()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_ratings_are_refused_or_escaped(client, applicant, value):
    for field in RATING_FIELDS:
        request, token = make_request(trainee=applicant)
        response = client.post(
            reverse("references_rate", args=[token]), rating_post(**{field: value})
        )
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (field, value)
        assert MARKUP not in response.content.decode(), field
