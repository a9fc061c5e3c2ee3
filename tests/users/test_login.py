from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_reaches_dashboard(client, trainee):
    response = client.post(
        reverse("account_login"), {"login": trainee.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard_trainee")


def test_wrong_password_re_renders_with_a_clear_error(client, trainee):
    response = client.post(reverse("account_login"), {"login": trainee.email, "password": "nope"})
    assert response.status_code == HTTPStatus.OK
    assert "not correct" in response.content.decode()


def test_sixth_failed_login_in_a_row_is_refused(client, trainee):
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": trainee.email, "password": "x"})
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(reverse("account_login"), {"login": trainee.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, trainee):
    client.post(reverse("account_login"), {"login": trainee.email, "password": PASSWORD})
    client.post(reverse("account_logout"))
    assert client.get(reverse("dashboard_trainee")).status_code == HTTPStatus.FOUND
