"""Hostile values in every URL parameter, query string and form: a clear 4xx, never a 500.

Every named route the resolver knows is reversed with each hostile value in as many of its
parameters as its converters accept (NUL, a 20-digit id, a very long string, unicode), then
requested with GET (hostile query string) and POST (hostile form fields), anonymously and
signed in as each role. Run it on SQLite and on PostgreSQL (DATABASE_URL).
"""

from http import HTTPStatus

import pytest

from tests.auth import sign_in
from tests.factories import UserFactory
from tests.urlwalk import DEFAULT_VALUES, routes

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nul": "a\x00b",
    "huge": "99999999999999999999",
    "long unicode": "ﷺ𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🍼\u202e" + "x" * 3000,
}
# Parameters forms and listings commonly read, each given the hostile value too.
FIELDS = ("q", "p", "page", "sort", "ordering", "show", "next", "name", "title", "email", "text")
ROLES = {
    "anonymous": None,
    "trainee": {"trainee": True},
    "supervisor": {"supervisor": True, "with_mfa": True},
    "coordinator": {"coordinator": True, "with_mfa": True},
    "superuser": {"is_superuser": True, "is_staff": True, "with_mfa": True},
}


# Wagtail's page for testing error reporting, which fails on purpose.
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}


def _hostile_paths() -> list[tuple[str, str]]:
    found = []
    for label, value in HOSTILE.items():
        for route in routes(lambda name, param, value=value: [value, *DEFAULT_VALUES]):
            if route.name not in DELIBERATE_ERRORS:
                found.append((label, route))
    return found


def _signed_in(client, user) -> bool:
    return str(client.session.get("_auth_user_id", "")) == str(user.pk)


@pytest.mark.parametrize("role", ROLES)
def test_no_hostile_url_or_form_gets_a_500(client, home_page, role):
    user = UserFactory(**ROLES[role]) if ROLES[role] else None
    if user is not None:
        sign_in(client, user, second_factor=True)
    client.raise_request_exception = False
    failures = []
    for label, route in _hostile_paths():
        value = HOSTILE[label]
        data = dict.fromkeys(FIELDS, value)
        for method in ("get", "post"):
            response = getattr(client, method)(route.path, data)
            if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
                failures.append(f"{method.upper()} {route.name} [{label}] {response.status_code}")
            if user is not None and not _signed_in(client, user):
                sign_in(client, user, second_factor=True)  # e.g. after the logout route
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("path", ["/invitations/%00/", "/certificates/%00/", "/account/data/%00/"])
def test_a_nul_in_a_token_is_a_clear_400(client, path):
    response = client.get(path)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "NUL" in response.content.decode()


def test_a_nul_in_any_form_field_is_a_400_with_a_message(client, trainee):
    sign_in(client, trainee)
    response = client.post("/profile/", {"first_name": "An\x00a"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "NUL character" in response.content.decode()


def test_cookies_holding_a_nul_are_ignored(client, home_page):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/accounts/login/").status_code == HTTPStatus.OK
