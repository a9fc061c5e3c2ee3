"""Sign-in limits hold per account and per client address, and cannot be used to lock anyone
out of a correct sign-in followed by a second factor."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.users.test_mfa import current_code

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


def attempt(person, password, *, ip="10.0.0.1", client=None, **headers):
    client = client or Client(REMOTE_ADDR=ip, **headers)
    response = client.post(reverse("account_login"), {"login": person.email, "password": password})
    return client, response


def refused(response) -> bool:
    return TOO_MANY in response.content.decode()


def test_the_sixth_failure_from_one_address_is_refused_even_with_the_right_password(trainee):
    for _ in range(5):
        assert not refused(attempt(trainee, "wrong")[1])
    client, response = attempt(trainee, PASSWORD)
    assert refused(response)
    assert "_auth_user_id" not in client.session


def test_failures_from_an_attackers_address_do_not_lock_out_the_person_elsewhere(trainee):
    for _ in range(8):
        attempt(trainee, "wrong", ip="203.0.113.9")
    client, response = attempt(trainee, PASSWORD, ip="198.51.100.7")
    assert response.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(trainee.pk)


def test_one_address_guessing_many_accounts_is_stopped():
    people = UserFactory.create_batch(11, trainee=True)
    for person in people[:10]:
        assert not refused(attempt(person, "wrong", ip="203.0.113.9")[1])
    assert refused(attempt(people[10], "wrong", ip="203.0.113.9")[1])


def _guess_from_many_addresses(person, failures: int) -> None:
    for n in range(failures):
        attempt(person, "wrong", ip=f"203.0.113.{n // 4 + 1}")


def test_guessing_from_many_addresses_locks_an_account_without_a_second_factor(trainee):
    _guess_from_many_addresses(trainee, 30)
    assert refused(attempt(trainee, "wrong", ip="198.51.100.7")[1])
    client, response = attempt(trainee, PASSWORD, ip="198.51.100.7")
    assert refused(response)
    assert "_auth_user_id" not in client.session


def test_guessing_from_many_addresses_never_stops_the_password_and_code(supervisor):
    _guess_from_many_addresses(supervisor, 30)
    assert refused(attempt(supervisor, "wrong", ip="198.51.100.7")[1])
    client, response = attempt(supervisor, PASSWORD, ip="198.51.100.7")
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": current_code(supervisor.totp_secret)})
    assert client.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.OK


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(trainee):
    """Spoofing X-Forwarded-For does not buy a fresh address."""
    people = UserFactory.create_batch(11, trainee=True)
    for n, person in enumerate(people):
        _, response = attempt(person, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert refused(response)


def test_behind_a_trusted_proxy_each_client_address_is_counted_on_its_own(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    people = UserFactory.create_batch(11, trainee=True)
    for n, person in enumerate(people):
        _, response = attempt(person, "wrong", ip="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert not refused(response)
    for person in people[:10]:
        attempt(person, "wrong", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert refused(attempt(people[10], "wrong", HTTP_X_FORWARDED_FOR="192.0.2.200")[1])


def test_a_configured_client_address_header_is_used(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    people = UserFactory.create_batch(11, trainee=True)
    for n, person in enumerate(people):
        assert not refused(attempt(person, "wrong", HTTP_X_REAL_IP=f"192.0.2.{n}")[1])


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "192.0.2.1"])
def test_a_short_or_odd_forwarded_for_header_is_not_an_error(settings, trainee, forwarded):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    client, response = attempt(trainee, PASSWORD, HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(trainee.pk)
