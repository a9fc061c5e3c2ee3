"""No password path skips the second factor: every URL the project routes is tried.

The class, not the example: Wagtail's front-end login once signed staff in with a password alone.
These tests walk the URL resolver, so a password form or admin added later is covered too.
"""

import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests.auth import sign_in
from tests.factories import PASSWORD, UserFactory
from tests.urlwalk import routes

pytestmark = pytest.mark.django_db

# The only views that may show a password field: allauth's own.
ALLAUTH_PASSWORD_VIEWS = {
    "account_login",
    "account_signup",
    "account_reauthenticate",
    "account_change_password",
    "account_set_password",
    "account_reset_password_from_key",
}
PASSWORD_FIELD = re.compile(r"<input[^>]*type=[\"']?password", re.IGNORECASE)
STAFF_PAGES = ("/dashboard/supervisor/", "/admin/", "/django-admin/", "/coordination/erasure/")


@pytest.fixture
def staff(home_page):
    """One person holding every role that must use a second factor, with an authenticator."""
    return UserFactory(
        supervisor=True, coordinator=True, with_mfa=True, is_staff=True, is_superuser=True
    )


def test_staff_pages_exist_for_a_person_who_passed_the_second_factor(staff):
    client = sign_in(Client(), staff)
    for path in STAFF_PAGES:
        assert client.get(path).status_code == HTTPStatus.OK, path


def test_only_allauth_shows_a_password_field(client, trainee, home_page):
    signed_in = sign_in(Client(), trainee)
    for route in routes():
        for who in (client, signed_in):
            response = who.get(route.path)
            if response.status_code == HTTPStatus.OK and PASSWORD_FIELD.search(
                response.content.decode(errors="replace")
            ):
                assert route.name in ALLAUTH_PASSWORD_VIEWS, route


def test_posting_a_staff_password_to_any_url_opens_no_staff_session(staff):
    credentials = {
        "login": staff.email,
        "email": staff.email,
        "username": staff.email,
        "password": PASSWORD,
        "password1": PASSWORD,
    }
    for route in routes():
        client = Client()
        client.post(route.path, credentials)
        if "_auth_user_id" not in client.session:
            continue
        for path in STAFF_PAGES:
            response = client.get(path)
            assert response.status_code == HTTPStatus.FOUND, (route, path)
            assert response["Location"].startswith(reverse("account_login")), (route, path)


def test_wagtail_front_end_login_sends_people_to_allauth(staff):
    client = Client()
    response = client.post(
        "/_util/login/?next=/admin/", {"username": staff.email, "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_login") + "?next=/admin/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("roles", [{"supervisor": True}, {"coordinator": True}, {"is_staff": True}])
def test_a_session_opened_by_a_password_alone_reaches_no_url(home_page, roles):
    """Whatever path opened it, a session without the second factor is ended, everywhere."""
    person = UserFactory(with_mfa=True, **roles)
    for route in routes():
        client = sign_in(Client(), person, second_factor=False)
        response = client.get(route.path)
        if route.name == "account_logout":
            continue
        if route.name in ("account_login", "mfa_authenticate"):
            # The sign-in pages themselves: reached only after the session was ended.
            assert "_auth_user_id" not in client.session, route
            continue
        assert response.status_code == HTTPStatus.FOUND, route
        assert response["Location"].startswith(reverse("account_login")), route
        assert "_auth_user_id" not in client.session, route


def test_staff_who_must_enrol_may_open_only_enrolment(home_page):
    person = UserFactory(supervisor=True, coordinator=True, is_staff=True, is_superuser=True)
    allowed = {"mfa_activate_totp", "account_reauthenticate", "account_logout"}
    for route in routes():
        client = sign_in(Client(), person, second_factor=False)
        response = client.get(route.path)
        if route.name in allowed or route.name.startswith("account_login"):
            continue
        assert response.status_code == HTTPStatus.FOUND, route
        assert response["Location"] == reverse("mfa_activate_totp"), route


def test_the_django_admin_has_no_authenticator_pages(staff):
    client = sign_in(Client(), staff)
    assert client.get("/django-admin/").status_code == HTTPStatus.OK
    assert "authenticator" not in client.get("/django-admin/").content.decode().lower()
    assert client.get("/django-admin/mfa/authenticator/").status_code == HTTPStatus.NOT_FOUND
