"""Hostile input to every form a trainee or supervisor can reach: no 5xx, no unescaped markup.

Hypothesis generates unicode, very long strings, NUL bytes, markup and template syntax. The total
number of inputs posted is printed at the end of the run.
"""

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.auth import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MARKUP = '<b data-fuzz="1">x</b>'
HOSTILE = [
    MARKUP,
    "<script>alert(1)</script>",
    "{{ request.user.password }}",
    "{% debug %}",
    "\x00",
    "a\x00b",
    "'; DROP TABLE users_user; --",
    "ﷺ𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🍼👶",
    "\u202e reversed",
    "x" * 20_000,
    "",
    " ",
    "-1",
    "99999999999999999999",
    "2026-02-30",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(
        lambda s: s + MARKUP
    ),
)


@dataclass(frozen=True)
class FormTarget:
    name: str
    role: str  # "anonymous", "trainee" or "supervisor"
    url: Callable[[object], str]
    fields: tuple[str, ...]


TARGETS = [
    FormTarget(
        "signup", "anonymous", lambda u: "/accounts/signup/", ("email", "password1", "password2")
    ),
    FormTarget("login", "anonymous", lambda u: "/accounts/login/", ("login", "password")),
    FormTarget("password reset", "anonymous", lambda u: "/accounts/password/reset/", ("email",)),
    FormTarget(
        "profile",
        "trainee",
        lambda u: "/profile/",
        (
            "first_name",
            "last_name",
            "discipline",
            "organisation",
            "target_category",
            "endorsement_held",
        ),
    ),
    FormTarget(
        "password change",
        "trainee",
        lambda u: "/accounts/password/change/",
        ("oldpassword", "password1", "password2"),
    ),
    FormTarget(
        "reauthenticate", "supervisor", lambda u: "/accounts/reauthenticate/", ("password",)
    ),
    FormTarget("my data", "trainee", lambda u: "/account/data/request/", ("anything",)),
    FormTarget(
        "external training",
        "trainee",
        lambda u: "/training/add/",
        (
            "title",
            "sponsor",
            "evidence_kind",
            "starts_on",
            "completed_on",
            "hours",
            "dei",
            "about_rsc",
            "competencies",
        ),
    ),
    FormTarget(
        "work experience",
        "trainee",
        lambda u: "/application/work/add/",
        (
            "position",
            "employer",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "families_served",
            "age_group",
            "duties",
            "supervisor_name",
            "supervisor_email",
        ),
    ),
    FormTarget(
        "cohort filters",
        "supervisor",
        lambda u: "/supervision/supervisees/",
        ("sort", "show", "page"),
    ),
]

EXAMPLES_PER_FORM = 250


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_hostile_input_never_breaks_a_form(client, home_page, target, fuzz_counter):
    user = None
    if target.role != "anonymous":
        user = UserFactory(**{target.role: True}, with_mfa=target.role == "supervisor")
        sign_in(client, user)
    url = target.url(user)

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.fixed_dictionaries(dict.fromkeys(target.fields, values)))
    def post(data):
        fuzz_counter.append(target.name)
        response = (
            client.post(url, data) if target.name != "cohort filters" else client.get(url, data)
        )
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (url, data)
        body = response.content.decode(errors="replace")
        assert 'data-fuzz="1"' not in body, (url, "markup came back unescaped")
        if user is not None and response.status_code == HTTPStatus.FOUND:
            sign_in(client, user)  # a successful password change may sign the person out

    post()
