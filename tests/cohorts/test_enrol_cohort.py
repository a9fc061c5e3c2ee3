from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.cohorts.factories import CohortFactory
from tests.courses.factories import course, course_index
from tests.factories import UserFactory
from training.courses.models import Enrolment
from training.courses.services import enrolment_create
from training.privacy.models import PrivacyAuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(coordinator):
    return CohortFactory(
        coordinator=coordinator, trainees=UserFactory.create_batch(3, trainee=True)
    )


@pytest.fixture
def published(home_page):
    return course(course_index(home_page), title="Child-Parent Psychotherapy basics")


def test_a_coordinator_enrols_the_whole_cohort_once(login, coordinator, cohort, published):
    first = cohort.memberships.first().trainee
    enrolment_create(trainee=first, course=published)
    client = login(coordinator)
    url = reverse("cohort_enrol", args=[cohort.pk])

    response = client.post(url, {"course": published.pk}, follow=True)
    assert "2 trainees newly enrolled" in response.content.decode()
    client.post(url, {"course": published.pk})  # a double submit enrols nobody twice
    assert Enrolment.objects.filter(course=published).count() == 3
    # ... and is answered with the first one's result, so it is audited once.
    assert PrivacyAuditEvent.objects.filter(action="cohort_enrol").count() == 1


def test_an_unpublished_or_forged_course_is_refused_with_a_message(
    login, coordinator, cohort, home_page
):
    draft = course(course_index(home_page), title="Draft course", live=False)
    client = login(coordinator)
    for value in (draft.pk, "99999999999999999999", "abc"):
        response = client.post(reverse("cohort_enrol", args=[cohort.pk]), {"course": value})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "invalid-feedback" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_another_coordinator_cannot_enrol_someone_elses_cohort(login, cohort, published):
    other = UserFactory(coordinator=True, with_mfa=True)
    response = login(other).post(
        reverse("cohort_enrol", args=[cohort.pk]), {"course": published.pk}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Enrolment.objects.exists()
