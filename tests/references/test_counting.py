"""The six-"not enough information" and one-year rules, end to end: the rater answers through
her link, and readiness and the applicant's list agree on whether the rating counts."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from training.readiness.engine import KNOWN_TOO_SHORT, RATING_EXPIRED, REASON_TEXT, TOO_MANY_NEI
from training.readiness.selectors import readiness_for
from training.references.models import ReferenceRequest
from training.references.selectors import COUNTS, rating_verdict

from .conftest import rating_post
from .factories import answers, make_request

pytestmark = pytest.mark.django_db


def _rate(client, applicant, **changes) -> ReferenceRequest:
    request, token = make_request(trainee=applicant)
    response = client.post(reverse("references_rate", args=[token]), rating_post(**changes))
    assert response.status_code == HTTPStatus.FOUND
    request.refresh_from_db()
    return request


def _why(applicant, request) -> str:
    report = readiness_for(trainee=applicant).report
    return report.outcome("reference", request.pk).text


def test_six_not_enough_information_answers_do_not_count(client, applicant):
    request = _rate(client, applicant, nei=6)
    assert _why(applicant, request) == REASON_TEXT[TOO_MANY_NEI]
    assert "six or more" in rating_verdict(request)


def test_five_not_enough_information_answers_count(client, applicant):
    request = _rate(client, applicant, nei=5)
    assert readiness_for(trainee=applicant).report.outcome("reference", request.pk).counted
    assert rating_verdict(request) == COUNTS


def test_a_rater_who_has_known_her_under_a_year_does_not_count(client, applicant):
    request = _rate(client, applicant, known_months="11")
    assert _why(applicant, request) == REASON_TEXT[KNOWN_TOO_SHORT]
    assert "less than a year" in rating_verdict(request)


def test_a_rating_completed_thirteen_months_ago_does_not_count(applicant):
    request, _token = make_request(trainee=applicant, completed=True)
    ReferenceRequest.objects.filter(pk=request.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=396)
    )
    request.refresh_from_db()
    assert _why(applicant, request) == REASON_TEXT[RATING_EXPIRED]
    assert "more than a year ago" in rating_verdict(request)


def test_the_applicant_list_says_why_each_counts_or_not(login, applicant):
    counting, _ = make_request(trainee=applicant, completed=True, rater_name="Ada Counts")
    nei, _ = make_request(
        trainee=applicant, completed=True, rater_name="Ben Unsure", answers=answers(nei=6)
    )
    waiting, _ = make_request(trainee=applicant, rater_name="Cy Waiting")
    body = login(applicant).get(reverse("references_list")).content.decode()
    assert "Counts" in body
    assert "Does not count: six or more" in body
    assert "Waiting for the rater" in body
    report = readiness_for(trainee=applicant).report
    assert report.outcome("reference", counting.pk).counted
    assert not report.outcome("reference", nei.pk).counted
    assert not report.outcome("reference", waiting.pk).counted
