"""Hostile input to every reflective-log form: never a 5xx, never unescaped markup."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.auth import sign_in
from tests.security.test_fuzz_forms import values
from training.reflective_logs.models import SECTION_FIELDS

from .factories import ReflectiveLogFactory

pytestmark = pytest.mark.django_db

LOG_FIELDS = ("held_on", "minutes", "modality", "provider", "is_peer", "version", "competencies")
TARGETS = {
    "create": ("trainee", "create", (*LOG_FIELDS, *SECTION_FIELDS, "check")),
    "edit": ("trainee", "edit", (*LOG_FIELDS, *SECTION_FIELDS)),
    "autosave": ("trainee", "autosave", (*LOG_FIELDS, *SECTION_FIELDS)),
    "check": ("trainee", "check", ("confirmed",)),
    "comment": ("supervisor", "comment", ("section", "body")),
    "return": ("supervisor", "return", ("request",)),
    "sign off": ("supervisor", "sign_off", ("attested",)),
    "group session": (
        "supervisor",
        "group_session_create",
        ("held_on", "minutes", "modality", "is_peer", "attendees"),
    ),
}
LOG_VIEWS = {"edit", "autosave", "check", "comment", "return", "sign_off"}


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_hostile_input_never_breaks_a_log_form(client, target, fuzz_counter):
    role, view, fields = TARGETS[target]
    # A draft for the trainee's forms, a submitted log for the supervisor's.
    log = ReflectiveLogFactory(state="submitted" if role == "supervisor" else "draft")
    user = log.trainee if role == "trainee" else log.session.provider
    sign_in(client, user)
    args = [log.pk] if view in LOG_VIEWS else []
    url = reverse(f"reflective_logs:{view}", args=args)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.fixed_dictionaries(dict.fromkeys(fields, values)))
    def post(data):
        fuzz_counter.append(f"logs {target}")
        response = client.post(url, data)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (url, data)
        assert 'data-fuzz="1"' not in response.content.decode(errors="replace")

    post()
