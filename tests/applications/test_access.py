"""Who reaches each application page: the applicant herself, another trainee, her coordinator,
a coordinator of another cohort, her supervisor, and someone signed out. The wrong people get
404 (or the sign-in page), and the body shows none of her records."""

import io
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests.applications.conftest import SECRET_ASSOCIATION, SECRET_EMPLOYER, SECRET_FIELD
from tests.auth import sign_in
from tests.records.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

SECRETS = [SECRET_FIELD, SECRET_EMPLOYER, SECRET_ASSOCIATION]
OK, FOUND, NOT_FOUND, FORBIDDEN = (
    HTTPStatus.OK,
    HTTPStatus.FOUND,
    HTTPStatus.NOT_FOUND,
    HTTPStatus.FORBIDDEN,
)
WHO = ["herself", "other_trainee", "coordinator", "other_coordinator", "supervisor", "anonymous"]

# page: (how to build its URL, the answer for each of WHO, whether her records show)
PAGES = {
    "home": ("applications_home", None, [OK, OK, OK, OK, OK, FOUND]),
    "agreements": ("applications_agreements", None, [OK, OK, OK, OK, OK, FOUND]),
    "add education": ("applications_education_add", None, [OK, OK, OK, OK, OK, FOUND]),
    "add work": ("applications_work_add", None, [OK, OK, OK, OK, OK, FOUND]),
    "add membership": ("applications_membership_add", None, [OK, OK, OK, OK, OK, FOUND]),
    "edit education": (
        "applications_education_edit",
        "education",
        [OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "edit work": (
        "applications_work_edit",
        "work",
        [OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "edit membership": (
        "applications_membership_edit",
        "membership",
        [OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "delete education": (
        "applications_education_delete",
        "education",
        [OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "delete work": (
        "applications_work_delete",
        "work",
        [OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "delete membership": (
        "applications_membership_delete",
        "membership",
        [OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "transcript": (
        "applications_education_transcript",
        "education",
        [OK, NOT_FOUND, OK, NOT_FOUND, OK, FOUND],
    ),
    "queue": (
        "applications_verification_queue",
        None,
        [FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, FOUND],
    ),
    "records of": (
        "applications_of",
        "trainee",
        [NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "record an exam": (
        "applications_exam_record",
        "trainee",
        [NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "return education": (
        "applications_education_return",
        "education",
        [NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "return work": (
        "applications_work_return",
        "work",
        [NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, FOUND],
    ),
    "return membership": (
        "applications_membership_return",
        "membership",
        [NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, FOUND],
    ),
}
# Pages where each person who may see the applicant's records finds them.
SHOWS_RECORDS = {
    "herself": {"home", "edit education", "edit work", "edit membership"},
    "coordinator": {"queue", "records of"},
}
# Pages where they may see them; everywhere else, for everyone else, none of them shows.
MAY_SEE = {
    "herself": SHOWS_RECORDS["herself"] | {"delete education", "delete work", "delete membership"},
    "coordinator": SHOWS_RECORDS["coordinator"]
    | {"return education", "return work", "return membership", "record an exam"},
}


@pytest.fixture
def world(trainee, other_trainee, coordinator, cohort, other_coordinator, her_supervisor, records):
    records["education"].transcript.save("t.pdf", io.BytesIO(PDF_BYTES))
    people = {
        "herself": trainee,
        "other_trainee": other_trainee,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "supervisor": her_supervisor,
        "anonymous": None,
    }
    return people, records, trainee


def _url(name, arg, records, trainee):
    if arg is None:
        return reverse(name)
    if arg == "trainee":
        return reverse(name, args=[trainee.pk])
    return reverse(name, args=[records[arg].pk])


@pytest.mark.parametrize("where", list(PAGES))
@pytest.mark.parametrize("who", WHO)
def test_each_page_answers_each_person_as_expected_and_leaks_nothing(world, where, who):
    people, records, trainee = world
    name, arg, answers = PAGES[where]
    expected = answers[WHO.index(who)]
    client = Client()
    if people[who] is not None:
        sign_in(client, people[who])
    response = client.get(_url(name, arg, records, trainee))
    assert response.status_code == expected
    if expected == FOUND:
        assert "/accounts/login/" in response["Location"]
    if response.streaming:
        body = b"".join(response.streaming_content)
        assert body == PDF_BYTES
        return
    html = response.content.decode()
    if where not in MAY_SEE.get(who, ()):
        assert [s for s in SECRETS if s in html] == []
    elif where in SHOWS_RECORDS[who]:
        assert SECRET_FIELD in html or SECRET_EMPLOYER in html or SECRET_ASSOCIATION in html


@pytest.mark.parametrize("who", ["other_trainee", "coordinator", "other_coordinator", "supervisor"])
def test_nobody_else_edits_or_deletes_her_records(world, who):
    people, records, trainee = world
    client = sign_in(Client(), people[who])
    for kind, record in records.items():
        edit = client.post(reverse(f"applications_{kind}_edit", args=[record.pk]), {"field": "x"})
        delete = client.post(reverse(f"applications_{kind}_delete", args=[record.pk]))
        assert edit.status_code == delete.status_code == NOT_FOUND
        assert type(record).objects.filter(pk=record.pk, updated_at=record.updated_at).exists()


@pytest.mark.parametrize("who", ["herself", "other_trainee", "other_coordinator", "supervisor"])
def test_only_her_coordinator_verifies(world, who):
    people, records, _trainee = world
    client = sign_in(Client(), people[who])
    for kind, record in records.items():
        response = client.post(reverse(f"applications_{kind}_verify", args=[record.pk]))
        assert response.status_code == NOT_FOUND
        record.refresh_from_db()
        assert not record.verified
