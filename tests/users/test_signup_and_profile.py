from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from training.competencies.models import EndorsementCategory
from training.users.enums import Discipline, Role
from training.users.models import User
from training.users.permissions import user_has_role

pytestmark = pytest.mark.django_db


def test_signup_makes_an_unverified_trainee_and_sends_a_verification_email(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "New.Person@Example.org",
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    person = User.objects.get(email="new.person@example.org")
    assert user_has_role(person, Role.TRAINEE)
    assert person.emailaddress_set.get().verified is False
    assert "confirm" in mail.outbox[0].body.lower()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "email": "not-an-email",
                "password1": "a-long-passphrase-9",
                "password2": "a-long-passphrase-9",
            },
            "valid email",
        ),
        (
            {
                "email": "a@example.org",
                "password1": "a-long-passphrase-9",
                "password2": "different-pass-9",
            },
            "same password",
        ),
        ({"email": "a@example.org", "password1": "123", "password2": "123"}, "too short"),
        ({"email": "", "password1": "", "password2": ""}, "required"),
        # (a NUL character is refused before any form: tests/security/test_hostile_urls.py)
        ({"email": "a@exam ple.org", "password1": "x" * 5000, "password2": "y"}, "error"),
    ],
)
def test_bad_signup_input_re_renders_with_errors(client, data, message):
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode().lower()
    assert not User.objects.exists()


def test_signup_with_a_taken_email_is_refused_clearly(client, trainee):
    response = client.post(
        reverse("account_signup"),
        {
            "email": trainee.email,
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
        },
    )
    # allauth does not reveal whether the address exists: it sends a notice instead.
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    assert User.objects.filter(email=trainee.email).count() == 1


def test_owner_edits_their_profile(login, trainee):
    client = login(trainee)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "Rosa",
            "last_name": "Park",
            "discipline": Discipline.HOME_VISITING,
            "organisation": "Healthy Starts",
            "target_category": EndorsementCategory.objects.get(code="IFS").pk,
            "endorsement_held": "",
            "reminders_enabled": "on",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    trainee.refresh_from_db()
    assert trainee.first_name == "Rosa"
    assert trainee.profile.discipline == Discipline.HOME_VISITING
    assert trainee.profile.target_category.code == "IFS"


@pytest.mark.parametrize(
    "data",
    [
        {"first_name": "", "discipline": "astrology"},
        {"first_name": "   ", "target_category": "NOT-A-CATEGORY"},
        {"first_name": "A" * 500, "organisation": "B" * 500},
    ],
)
def test_bad_profile_input_re_renders_with_errors(login, trainee, data):
    response = login(trainee).post(reverse("profile"), data)
    assert response.status_code == HTTPStatus.OK
    assert "is-invalid" in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.first_name != data["first_name"]


def test_profile_page_needs_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_owner_records_their_degree_and_a_bad_one_is_refused(login, trainee):
    """The IFS provider rule reads the degree (issue 15); it is the owner's to give."""
    client = login(trainee)
    page = client.get(reverse("profile")).content.decode()
    assert 'name="degree"' in page and "Master&#x27;s degree or higher" in page
    data = {"first_name": "Rosa", "degree": "bachelor", "reminders_enabled": "on"}
    assert client.post(reverse("profile"), data).status_code == HTTPStatus.FOUND
    trainee.refresh_from_db()
    assert trainee.profile.degree == "bachelor"
    response = client.post(reverse("profile"), {**data, "degree": "doctorate-of-vibes"})
    assert response.status_code == HTTPStatus.OK
    assert "is-invalid" in response.content.decode()
    trainee.profile.refresh_from_db()
    assert trainee.profile.degree == "bachelor"
