"""A rater answers through the emailed link, once, with no account; a link that no longer
works says so and names nobody."""

import datetime
from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.competencies.factories import category
from tests.factories import ProfileFactory, UserFactory
from training.notifications.models import OutboxMessage
from training.references.models import ReferenceRequest
from training.references.services import reference_resend, reference_revoke

from .conftest import rating_post
from .factories import make_request

pytestmark = pytest.mark.django_db


def _url(token: str) -> str:
    return reverse("references_rate", args=[token])


@pytest.fixture
def invitation(applicant):
    return make_request(trainee=applicant, rater_name="Dana Whitfield")


@pytest.fixture
def bystander(db):
    """Someone else with records and a different target: none of it may show to the rater."""
    person = UserFactory(trainee=True, first_name="Bartholomew", last_name="Quince")
    ProfileFactory(user=person, target_category=category("IMHS"))
    make_request(trainee=person, rater_name="Zebulon Ostrander")
    return person


def _names_nobody(body: str, applicant) -> None:
    for value in (applicant.email, applicant.first_name, applicant.last_name, "Dana Whitfield"):
        assert value not in body
    assert "Infant Family Specialist" not in body


def test_the_rater_page_shows_only_the_applicant_her_category_and_the_rater(
    client, invitation, applicant, bystander
):
    request, token = invitation
    response = client.get(_url(token))
    body = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert "Rosalind Okafor" in body
    assert "Infant Family Specialist" in body
    assert "Dana Whitfield" in body
    assert applicant.email not in body
    assert request.rater_email not in body
    for other in ("Bartholomew", "Quince", "Zebulon", bystander.email):
        assert other not in body
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_form_groups_each_statement_as_a_labelled_radio_group(client, invitation):
    body = client.get(_url(invitation[1])).content.decode()
    assert body.count("<fieldset") == 1 + 3 + 12  # about you, three areas, twelve statements
    assert body.count('type="radio"') == 12 * 5
    assert "Not enough information" in body
    assert 'for="id_known_months"' in body


def test_a_link_works_once(client, invitation, applicant):
    request, token = invitation
    response = client.post(_url(token), rating_post(comments="Warm and steady."))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("references_rate_done")
    request.refresh_from_db()
    assert request.completed_at is not None
    assert request.known_months == 24
    assert request.comments == "Warm and steady."
    thanks = client.get(response["Location"])
    assert "Thank you" in thanks.content.decode()

    again = client.get(_url(token))
    assert again.status_code == HTTPStatus.GONE
    assert "This link has already been used" in again.content.decode()
    _names_nobody(again.content.decode(), applicant)
    resent = client.post(_url(token), rating_post(comments="Changed my mind."))
    assert resent.status_code == HTTPStatus.GONE
    assert "This link has already been used" in resent.content.decode()
    request.refresh_from_db()
    assert request.comments == "Warm and steady."


def test_the_applicant_hears_that_it_was_completed_and_nothing_of_it(client, invitation):
    request, token = invitation
    client.post(_url(token), rating_post(comments="Unique remark about her work."))
    message = OutboxMessage.objects.get(recipient=request.trainee)

    assert message.subject == "Dana Whitfield completed your reference rating"
    assert "Unique remark" not in message.body
    assert "Consistently" not in message.body


def test_an_expired_link_is_refused_and_names_nobody(client, invitation, applicant):
    request, token = invitation
    ReferenceRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    for response in (client.get(_url(token)), client.post(_url(token), rating_post())):
        assert response.status_code == HTTPStatus.GONE
        assert "This link is no longer valid" in response.content.decode()
        _names_nobody(response.content.decode(), applicant)
    request.refresh_from_db()
    assert request.completed_at is None


def test_a_withdrawn_link_is_refused(client, invitation, applicant):
    request, token = invitation
    reference_revoke(trainee=applicant, request_id=request.pk)
    for response in (client.get(_url(token)), client.post(_url(token), rating_post())):
        assert response.status_code == HTTPStatus.GONE
        assert "This link is no longer valid" in response.content.decode()
        _names_nobody(response.content.decode(), applicant)
    request.refresh_from_db()
    assert request.completed_at is None


def test_after_a_resend_the_old_link_is_refused_and_the_new_one_works(
    client, invitation, applicant
):
    request, old_token = invitation
    reference_resend(trainee=applicant, request_id=request.pk)
    email = OutboxMessage.objects.filter(to_email=request.rater_email).latest("pk")
    new_link = next(line for line in email.body.splitlines() if "/references/rate/" in line)
    new_path = new_link.strip().removeprefix(settings.WAGTAILADMIN_BASE_URL)

    old = client.get(_url(old_token))
    assert old.status_code == HTTPStatus.NOT_FOUND
    assert "This link is no longer valid" in old.content.decode()
    _names_nobody(old.content.decode(), applicant)
    assert client.get(new_path).status_code == HTTPStatus.OK


@pytest.mark.parametrize("token", ["nonsense", "x" * 43, "a" * 300, "%00"])
def test_an_unknown_link_is_the_same_neutral_page(client, invitation, applicant, token):
    response = client.get(_url(token))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "This link is no longer valid" in response.content.decode()
    _names_nobody(response.content.decode(), applicant)
    assert response["Cache-Control"] == "no-store"


def test_a_rating_with_a_missing_answer_comes_back_with_everything_kept(client, invitation):
    request, token = invitation
    data = rating_post(comments="Kind, thoughtful, and prepared.", known_months="30")
    skipped = next(k for k in data if k.startswith("thinking_"))
    del data[skipped]
    data["reflection_self"] = "nei"

    response = client.post(_url(token), data)
    body = response.content.decode()

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Choose one answer for this statement." in body
    assert "Kind, thoughtful, and prepared." in body
    assert 'value="30"' in body
    assert 'value="nei" id="id_reflection_self_4" checked' in body
    request.refresh_from_db()
    assert request.completed_at is None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"known_months": ""}, "This field is required."),
        ({"known_months": "-1"}, "greater than or equal to 0"),
        ({"known_months": "601"}, "less than or equal to 600"),
        ({"known_months": "ten"}, "Enter a whole number."),
        ({"reflection_self": "7"}, "Select a valid choice."),
        ({"rater_endorsement_number": "IFS-123"}, "Choose the endorsement your number"),
        ({"comments": "x" * 5001}, "at most 5000 characters"),
        ({"rater_category": "99999"}, "Select a valid choice."),
    ],
)
def test_bad_input_on_the_rating_form_is_a_400_with_a_message(client, invitation, changes, message):
    request, token = invitation
    response = client.post(_url(token), rating_post(**changes))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    request.refresh_from_db()
    assert request.completed_at is None


def test_the_rater_may_give_her_own_endorsement(client, invitation):
    request, token = invitation
    ifs = category("IFS")
    client.post(
        _url(token),
        rating_post(rater_category=str(ifs.pk), rater_endorsement_number=" IFS-2201 "),
    )
    request.refresh_from_db()
    assert request.rater_category == ifs
    assert request.rater_endorsement_number == "IFS-2201"


def test_the_rater_page_needs_no_account_and_no_password_field(client, invitation):
    body = client.get(_url(invitation[1])).content.decode()
    assert 'type="password"' not in body


def test_the_rating_posts_from_a_no_referrer_page(invitation):
    """Browsers send `Origin: null` from a no-referrer page; the link's token is the proof."""
    request, token = invitation
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(token), rating_post(), HTTP_ORIGIN="null")
    assert response.status_code == HTTPStatus.FOUND
    request.refresh_from_db()
    assert request.completed_at is not None
