"""The hub and the coordinator's pages read a fixed number of queries, whatever the rows; the
data download holds the transcript and erasure removes it."""

import io
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.applications.conftest import a_membership, a_position, an_education
from tests.factories import UserFactory
from tests.files import still_stored
from tests.records.conftest import PDF_BYTES
from training.applications.models import (
    AgreementAcceptance,
    Education,
    ExamResult,
    Membership,
    WorkExperience,
)
from training.applications.selectors import agreements_in_force
from training.cohorts.models import CohortMembership
from training.competencies.models import EndorsementCategory
from training.privacy.services import privacy_collect, user_erase

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(captured)


def _add_rows(trainee, n, coordinator=None):
    category = EndorsementCategory.objects.first()
    for i in range(n):
        an_education(trainee, field=f"Field {i}")
        a_position(trainee, position=f"Position {i}")
        a_membership(trainee, number=f"N-{i}")
        if coordinator:
            ExamResult.objects.create(
                trainee=trainee,
                category=category,
                taken_on=timezone.localdate(),
                passed=bool(i % 2),
                recorded_by=coordinator,
            )
    for text in agreements_in_force():
        AgreementAcceptance.objects.create(trainee=trainee, text=text, accepted_at=timezone.now())


def test_the_hub_makes_the_same_number_of_queries_for_1_and_20_of_each(login, trainee, coordinator):
    _add_rows(trainee, 1, coordinator)
    client = login(trainee)
    url = reverse("applications_home")
    _queries(client, url)
    small = _queries(client, url)
    _add_rows(trainee, 19, coordinator)
    assert _queries(client, url) == small


def test_the_coordinators_pages_make_the_same_number_of_queries_for_more_rows(
    login, coordinator, trainee, cohort
):
    _add_rows(trainee, 1, coordinator)
    client = login(coordinator)
    queue, of = (
        reverse("applications_verification_queue"),
        reverse("applications_of", args=[trainee.pk]),
    )
    _queries(client, queue)
    small_queue, small_of = _queries(client, queue), _queries(client, of)
    others = UserFactory.create_batch(5, trainee=True)
    for person in others:
        CohortMembership.objects.create(cohort=cohort, trainee=person)
        _add_rows(person, 3)
    _add_rows(trainee, 10, coordinator)
    assert _queries(client, queue) == small_queue
    assert _queries(client, of) == small_of


def test_the_data_download_holds_the_records_and_the_transcript(login, trainee, transcript):
    login(trainee).post(
        reverse("applications_education_add"),
        {
            "level": "bachelor",
            "field": "Early childhood",
            "institution": "Lakeside",
            "completed_on": "2015-01-01",
            "transcript": transcript,
        },
    )
    a_position(trainee)
    data, files = privacy_collect(user=trainee)
    assert data["applications.Education"][0]["field"] == "Early childhood"
    assert data["applications.WorkExperience"][0]["position"] == "Home visitor"
    [(name, fieldfile)] = [(n, f) for n, f in files if "applications.Education" in n]
    fieldfile.open("rb")
    assert fieldfile.read() == PDF_BYTES


def test_erasure_removes_the_records_and_the_transcript_file(
    trainee, coordinator, cohort, django_capture_on_commit_callbacks
):
    record = an_education(trainee)
    record.transcript.save("t.pdf", io.BytesIO(PDF_BYTES))
    stored = (record.transcript.storage, record.transcript.name)
    a_position(trainee)
    a_membership(trainee)
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=trainee, actor=coordinator)
    assert not still_stored(stored)
    for model in (Education, WorkExperience, Membership):
        assert not model.objects.filter(trainee=trainee).exists()
