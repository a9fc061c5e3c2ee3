"""The applicant invites, resends and withdraws; each email goes through the outbox with the
change, and nothing moves while her application is with the association."""

import datetime
import hashlib
import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.competencies.factories import category
from tests.pageforms import form_data
from training.applications.enums import ApplicationStatus
from training.applications.models import Application
from training.competencies.enums import RaterRole
from training.notifications.models import OutboxMessage
from training.references.models import ReferenceRequest

from .factories import make_request

pytestmark = pytest.mark.django_db

INVITE = {
    "rater_name": "Dana Whitfield",
    "rater_email": "dana@agency.example",
    "role": RaterRole.CURRENT_SUPERVISOR,
    "waived": "on",
}


@pytest.fixture
def signed_in(client, applicant):
    sign_in(client, applicant)
    return client


def _invite_form(client) -> dict:
    page = client.get(reverse("references_invite"))
    assert page.status_code == HTTPStatus.OK
    url = reverse("references_invite")
    data = form_data(page.content.decode(), url, url)
    data.update({k: [v] for k, v in INVITE.items()})
    return data


def _token_in(body: str) -> str:
    return re.search(r"/references/rate/([A-Za-z0-9_-]+)/", body).group(1)


def test_an_invitation_stores_only_the_hash_and_emails_the_link(signed_in, applicant):
    response = signed_in.post(reverse("references_invite"), _invite_form(signed_in))

    assert response.status_code == HTTPStatus.FOUND
    request = ReferenceRequest.objects.get(trainee=applicant)
    assert request.waived is True
    assert request.role == RaterRole.CURRENT_SUPERVISOR
    email = OutboxMessage.objects.get(to_email="dana@agency.example")
    token = _token_in(email.body)
    assert request.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ReferenceRequest.objects.filter(pk=request.pk).values().first())
    assert f"{settings.WAGTAILADMIN_BASE_URL}/references/rate/{token}/" in email.body
    assert "Rosalind Okafor" in email.subject and "Rosalind Okafor" in email.body
    assert "Infant Family Specialist" in email.body
    assert "waived the right to read your answers" in email.body
    closes = timezone.localtime(request.expires_at)
    assert (request.expires_at - timezone.now()).days in (29, 30)
    assert f"{closes.day} {closes:%B} {closes.year}" in email.body


def test_the_link_lasts_as_configured(signed_in, applicant, settings):
    settings.ATTUNE_REFERENCE_LINK_DAYS = 10
    signed_in.post(reverse("references_invite"), _invite_form(signed_in))
    request = ReferenceRequest.objects.get(trainee=applicant)
    assert (request.expires_at - timezone.now()).days in (9, 10)


def test_sending_the_invitation_twice_sends_one_email(signed_in, applicant):
    data = _invite_form(signed_in)
    signed_in.post(reverse("references_invite"), data)
    second = signed_in.post(reverse("references_invite"), data)

    assert second.status_code == HTTPStatus.FOUND
    assert ReferenceRequest.objects.filter(trainee=applicant).count() == 1
    assert OutboxMessage.objects.filter(to_email="dana@agency.example").count() == 1


def test_her_own_address_is_refused(signed_in, applicant):
    data = _invite_form(signed_in)
    data["rater_email"] = [applicant.email.upper()]
    response = signed_in.post(reverse("references_invite"), data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This is your own address" in response.content.decode()
    assert "Dana Whitfield" in response.content.decode()
    assert not ReferenceRequest.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_the_same_address_twice_while_waiting_is_refused(signed_in, applicant):
    make_request(trainee=applicant, rater_email="Dana@Agency.example")
    response = signed_in.post(reverse("references_invite"), _invite_form(signed_in))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "still waiting" in response.content.decode()
    assert ReferenceRequest.objects.count() == 1


def test_the_same_address_may_be_asked_again_once_the_first_link_closed(signed_in, applicant):
    make_request(
        trainee=applicant,
        rater_email="dana@agency.example",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = signed_in.post(reverse("references_invite"), _invite_form(signed_in))
    assert response.status_code == HTTPStatus.FOUND
    assert ReferenceRequest.objects.count() == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"rater_name": ""}, "This field is required."),
        ({"rater_email": "not an address"}, "Enter a valid email address."),
        ({"role": "best_friend"}, "Select a valid choice."),
        ({"role": ""}, "This field is required."),
        ({"rater_name": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_input_on_the_invitation_is_a_400_with_everything_kept(signed_in, changes, message):
    data = _invite_form(signed_in)
    data.update({k: [v] for k, v in changes.items()})
    response = signed_in.post(reverse("references_invite"), data)
    body = response.content.decode()

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in body
    for field, value in INVITE.items():
        if field not in changes and field != "waived":
            assert f'value="{value}"' in body or f'value="{value}" selected' in body
    assert "checked" in body  # the waiver stays ticked
    assert not ReferenceRequest.objects.exists()


def test_resend_makes_a_new_link_and_a_new_email(signed_in, applicant):
    request, old_token = make_request(
        trainee=applicant, expires_at=timezone.now() + datetime.timedelta(days=2)
    )
    request.reminded_at = timezone.now()
    request.save()
    page = signed_in.get(reverse("references_list"))
    data = form_data(page.content.decode(), reverse("references_resend", args=[request.pk]), "/")

    response = signed_in.post(reverse("references_resend", args=[request.pk]), data)
    again = signed_in.post(reverse("references_resend", args=[request.pk]), data)

    assert response.status_code == again.status_code == HTTPStatus.FOUND
    fresh = ReferenceRequest.objects.get(pk=request.pk)
    assert fresh.token_hash != request.token_hash
    assert (fresh.expires_at - timezone.now()).days in (29, 30)
    assert fresh.reminded_at is None
    emails = OutboxMessage.objects.filter(to_email=request.rater_email)
    assert emails.count() == 1  # the double click sent one
    token = _token_in(emails.get().body)
    assert fresh.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_withdrawing_keeps_the_row_as_withdrawn(signed_in, applicant):
    request, _token = make_request(trainee=applicant, rater_name="Dana Whitfield")
    response = signed_in.post(reverse("references_revoke", args=[request.pk]), follow=True)

    request.refresh_from_db()
    assert request.revoked_at is not None
    assert "Withdrawn" in response.content.decode()
    assert "Dana Whitfield" in response.content.decode()


def test_a_completed_rating_cannot_be_withdrawn_or_resent(signed_in, applicant):
    request, _token = make_request(trainee=applicant, completed=True)
    for name in ("references_revoke", "references_resend"):
        response = signed_in.post(reverse(name, args=[request.pk]), follow=True)
        assert response.status_code == HTTPStatus.OK
    request.refresh_from_db()
    assert request.revoked_at is None
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.EXAM])
def test_while_the_application_is_with_the_association_nothing_moves(signed_in, applicant, status):
    request, _token = make_request(trainee=applicant)
    Application.objects.create(trainee=applicant, category=category("IFS"), status=status)
    before = ReferenceRequest.objects.values().get(pk=request.pk)

    page = signed_in.get(reverse("references_invite"))
    assert "frozen" in page.content.decode()
    invite = signed_in.post(reverse("references_invite"), INVITE)
    assert invite.status_code == HTTPStatus.BAD_REQUEST
    assert "frozen" in invite.content.decode()
    for name in ("references_resend", "references_revoke"):
        response = signed_in.post(reverse(name, args=[request.pk]), follow=True)
        assert "frozen" in response.content.decode()
    assert ReferenceRequest.objects.values().get(pk=request.pk) == before
    assert ReferenceRequest.objects.count() == 1
    assert not OutboxMessage.objects.exists()
    listing = signed_in.get(reverse("references_list")).content.decode()
    assert "Send a new link" not in listing and "Withdraw" not in listing


def test_an_application_being_prepared_does_not_lock(signed_in, applicant):
    Application.objects.create(
        trainee=applicant, category=category("IFS"), status=ApplicationStatus.PREPARING
    )
    response = signed_in.post(reverse("references_invite"), _invite_form(signed_in))
    assert response.status_code == HTTPStatus.FOUND
