from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.mark.parametrize("role", ["supervisor", "coordinator"])
def test_staff_without_authenticator_is_sent_to_set_one_up(login, role):
    person = UserFactory(**{role: True})
    response = login(person).get(reverse("dashboard"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_without_authenticator_cannot_reach_any_other_page(login):
    person = UserFactory(supervisor=True)
    client = login(person)
    for url in ["/", reverse("profile"), reverse("dashboard_supervisor"), reverse("account_email")]:
        assert client.get(url)["Location"] == reverse("mfa_activate_totp"), url


def test_trainee_is_not_forced_to_use_mfa(login, trainee):
    assert login(trainee).get(reverse("dashboard_trainee")).status_code == HTTPStatus.OK


def test_supervisor_reaches_dashboard_after_setting_up_mfa(client):
    person = UserFactory(supervisor=True)
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a new authenticator is added.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == HTTPStatus.OK
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == HTTPStatus.FOUND
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    dashboard = client.get(reverse("dashboard"), follow=True)
    assert dashboard.redirect_chain[-1][0] == reverse("dashboard_supervisor")
    assert dashboard.status_code == HTTPStatus.OK


def test_login_with_mfa_asks_for_the_code_before_signing_in(client):
    person = UserFactory(supervisor=True, with_mfa=True)
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.FOUND
    client.post(reverse("mfa_authenticate"), {"code": current_code(person.totp_secret)})
    assert client.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.OK


def test_demo_staff_skip_mfa_only_while_debug_is_on(login, settings):
    demo = UserFactory(supervisor=True, is_demo=True)
    client = login(demo)
    settings.DEBUG = False
    assert client.get(reverse("dashboard_supervisor"))["Location"] == reverse("mfa_activate_totp")
    settings.DEBUG = True
    assert client.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.OK
