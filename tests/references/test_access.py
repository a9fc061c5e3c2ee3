"""Who reaches each page: the applicant, another trainee, her cohort's coordinator, a
coordinator of another cohort, her supervisor and an anonymous visitor."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.auth import sign_in
from tests.competencies.factories import category
from tests.factories import UserFactory
from training.notifications.models import OutboxMessage
from training.references.models import ReferenceRequest

from .factories import make_request

pytestmark = pytest.mark.django_db

SECRET = "Remark only reviewers and the applicant may read."


@pytest.fixture
def people(applicant, her_coordinator, other_coordinator, her_supervisor):
    return {
        "applicant": applicant,
        "other trainee": UserFactory(trainee=True),
        "her coordinator": her_coordinator,
        "other coordinator": other_coordinator,
        "her supervisor": her_supervisor,
        "anonymous": None,
    }


@pytest.fixture
def rating(applicant):
    request, _token = make_request(trainee=applicant, completed=True, rater_name="Dana Whitfield")
    ReferenceRequest.objects.filter(pk=request.pk).update(comments=SECRET)
    return request


def _client(user) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


OK, FORBIDDEN, NOT_FOUND = HTTPStatus.OK, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND
LOGIN = HTTPStatus.FOUND
# page -> who -> the answer. "other trainee" has her own (empty) list; staff without the
# trainee role have no list.
MATRIX = {
    "list": {
        "applicant": OK,
        "other trainee": OK,
        "her coordinator": FORBIDDEN,
        "other coordinator": FORBIDDEN,
        "her supervisor": FORBIDDEN,
        "anonymous": LOGIN,
    },
    "invite": {
        "applicant": OK,
        "other trainee": OK,
        "her coordinator": FORBIDDEN,
        "other coordinator": FORBIDDEN,
        "her supervisor": FORBIDDEN,
        "anonymous": LOGIN,
    },
    "detail": {
        "applicant": OK,
        "other trainee": NOT_FOUND,
        "her coordinator": NOT_FOUND,
        "other coordinator": NOT_FOUND,
        "her supervisor": NOT_FOUND,
        "anonymous": LOGIN,
    },
    "of": {
        "applicant": NOT_FOUND,
        "other trainee": NOT_FOUND,
        "her coordinator": OK,
        "other coordinator": NOT_FOUND,
        "her supervisor": NOT_FOUND,
        "anonymous": LOGIN,
    },
}


def _url(page: str, rating, applicant) -> str:
    return {
        "list": reverse("references_list"),
        "invite": reverse("references_invite"),
        "detail": reverse("references_detail", args=[rating.pk]),
        "of": reverse("references_of", args=[applicant.pk]),
    }[page]


@pytest.mark.parametrize("where", sorted(MATRIX))
def test_each_page_answers_each_role_as_it_should(people, rating, applicant, where):
    for who, expected in MATRIX[where].items():
        response = _client(people[who]).get(_url(where, rating, applicant))
        assert response.status_code == expected, (where, who, response.status_code)
        body = response.content.decode()
        if expected != OK:
            assert SECRET not in body and "Dana Whitfield" not in body, (where, who)
        if expected == LOGIN:
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["other trainee", "her coordinator", "her supervisor"])
def test_nobody_else_resends_or_withdraws_her_invitations(people, applicant, who):
    request, _token = make_request(trainee=applicant)
    before = ReferenceRequest.objects.values().get(pk=request.pk)
    client = _client(people[who])
    for name in ("references_resend", "references_revoke"):
        response = client.post(reverse(name, args=[request.pk]))
        assert response.status_code in (FORBIDDEN, NOT_FOUND), (who, name)
    assert ReferenceRequest.objects.values().get(pk=request.pk) == before
    assert not OutboxMessage.objects.exists()


def test_anonymous_posts_are_sent_to_sign_in(applicant):
    request, _token = make_request(trainee=applicant)
    client = Client()
    for url in (
        reverse("references_invite"),
        reverse("references_resend", args=[request.pk]),
        reverse("references_revoke", args=[request.pk]),
    ):
        assert client.post(url, {"rater_name": "x"}).status_code == LOGIN
    assert ReferenceRequest.objects.count() == 1


def test_a_completed_rating_she_waived_or_one_still_waiting_has_no_page_for_her(login, applicant):
    waived, _ = make_request(trainee=applicant, completed=True, waived=True)
    waiting, _ = make_request(trainee=applicant)
    client = login(applicant)
    for request in (waived, waiting):
        assert client.get(reverse("references_detail", args=[request.pk])).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == OK
    return len(captured)


def test_the_applicant_list_reads_a_fixed_number_of_queries(login, applicant):
    client = login(applicant)
    make_request(trainee=applicant, completed=True)
    client.get(reverse("references_list"))  # the session's first request writes its activity
    few = _queries(client, reverse("references_list"))
    for _ in range(8):
        make_request(trainee=applicant, completed=True)
        make_request(trainee=applicant)
    assert _queries(client, reverse("references_list")) == few


def test_the_coordinator_view_reads_a_fixed_number_of_queries(login, her_coordinator, applicant):
    client = login(her_coordinator)
    url = reverse("references_of", args=[applicant.pk])
    make_request(trainee=applicant, completed=True, rater_category=category("IFS"))
    client.get(url)  # the session's first request writes its activity
    few = _queries(client, url)
    for code in ("IFA", "IMHS", "IFS"):
        for _ in range(3):
            make_request(trainee=applicant, completed=True, rater_category=category(code))
            make_request(trainee=applicant)
    assert _queries(client, url) == few
