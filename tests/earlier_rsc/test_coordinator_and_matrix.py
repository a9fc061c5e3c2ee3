"""A coordinator verifies earlier RSC of her cohorts' trainees against the signed document, or
returns it with a reason; every earlier-RSC page refuses the wrong people and names nobody."""

import datetime
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.reflective_logs.factories import CANARY, ReflectiveLogFactory

from .factories import PDF, earlier_record

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HER = {"first_name": "Hermione", "last_name": "Earlybird"}


class World:
    def __init__(self):
        self.her = UserFactory(trainee=True, **HER)
        self.other_trainee = UserFactory(trainee=True)
        self.supervisor = UserFactory(supervisor=True, with_mfa=True)
        SupervisionAssignmentFactory(supervisor=self.supervisor, trainee=self.her)
        self.unrelated_supervisor = UserFactory(supervisor=True, with_mfa=True)
        SupervisionAssignmentFactory(
            supervisor=self.unrelated_supervisor, trainee=self.other_trainee
        )
        self.coordinator = UserFactory(coordinator=True, with_mfa=True)
        CohortFactory(coordinator=self.coordinator, trainees=[self.her])
        self.other_coordinator = UserFactory(coordinator=True, with_mfa=True)
        CohortFactory(coordinator=self.other_coordinator, trainees=[self.other_trainee])
        self.past = UserFactory(supervisor=True, first_name="Paula", last_name="Pastprovider")
        SupervisionAssignmentFactory(
            supervisor=self.past,
            trainee=self.her,
            starts_on=TODAY - datetime.timedelta(days=900),
            ends_on=TODAY - datetime.timedelta(days=400),
        )
        self.record = earlier_record(self.her, self.past, state="waiting_coordinator")
        self.record.document.save("x.pdf", ContentFile(PDF))
        # Her reflective log: a coordinator never sees its text here.
        ReflectiveLogFactory(trainee=self.her, state="signed_off", use_of_self=CANARY)

    def who(self, role):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def world():
    return World()


def _client(user):
    return sign_in(Client(), user) if user else Client()


def _pages(record):
    return {
        "list": reverse("earlier_rsc:list"),
        "add": reverse("earlier_rsc:add"),
        "edit": reverse("earlier_rsc:edit", args=[record.pk]),
        "upload": reverse("earlier_rsc:upload", args=[record.pk]),
        "document": reverse("earlier_rsc:document", args=[record.pk]),
        "queue": reverse("earlier_rsc:queue"),
        "review": reverse("earlier_rsc:review", args=[record.pk]),
    }


# Who may open each page of her record (others get a refusal that names nobody).
ALLOWED = {
    "list": {"her", "other_trainee"},
    "add": {"her", "other_trainee"},
    "edit": set(),  # waiting for the coordinator: not even she changes it now
    "upload": {"her"},
    "document": {"her", "coordinator"},
    "queue": {"coordinator", "other_coordinator"},
    "review": {"coordinator"},
}
ROLES = [
    "anonymous",
    "her",
    "other_trainee",
    "supervisor",
    "unrelated_supervisor",
    "coordinator",
    "other_coordinator",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_name", list(ALLOWED))
def test_each_page_answers_only_the_right_people(world, role, page_name):
    response = _client(world.who(role)).get(_pages(world.record)[page_name])
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode(errors="replace")
    if role in ALLOWED[page_name]:
        assert response.status_code == HTTPStatus.OK
    else:
        assert response.status_code in {
            HTTPStatus.FOUND,
            HTTPStatus.FORBIDDEN,
            HTTPStatus.NOT_FOUND,
        }
        if role == "anonymous":
            assert response.status_code == HTTPStatus.FOUND  # to sign in
    if role != "her" and not (role == "coordinator" and page_name in ("queue", "review")):
        assert "Earlybird" not in body and "Pastprovider" not in body
    assert CANARY not in body


@pytest.mark.parametrize("role", ["her", "other_trainee", "supervisor", "other_coordinator"])
def test_only_her_coordinator_verifies_or_returns(world, role):
    client = _client(world.who(role))
    for name, data in (
        ("earlier_rsc:verify", {"checked_on": TODAY.isoformat(), "confirmed": "on"}),
        ("earlier_rsc:return", {"reason": "No signature"}),
    ):
        response = client.post(reverse(name, args=[world.record.pk]), data)
        assert response.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
        if role != "her":
            assert "Earlybird" not in response.content.decode()
    world.record.refresh_from_db()
    assert world.record.state == "waiting_coordinator"


def test_her_coordinator_sees_hours_status_and_the_document_never_log_text(world):
    client = _client(world.coordinator)
    queue = client.get(reverse("earlier_rsc:queue")).content.decode()
    assert "Hermione Earlybird" in queue and "Paula Pastprovider" in queue and "10" in queue
    review = client.get(reverse("earlier_rsc:review", args=[world.record.pk])).content.decode()
    assert "Waiting for a coordinator" in review and CANARY not in review
    download = client.get(reverse("earlier_rsc:document", args=[world.record.pk]))
    assert b"".join(download.streaming_content) == PDF
    # Another cohort's coordinator has an empty queue.
    other = _client(world.other_coordinator).get(reverse("earlier_rsc:queue")).content.decode()
    assert "Earlybird" not in other


def test_verifying_checks_the_date_and_locks_the_record(world):
    client = _client(world.coordinator)
    url = reverse("earlier_rsc:verify", args=[world.record.pk])
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    response = client.post(url, {"checked_on": future, "confirmed": "on"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not in the future" in response.content.decode()
    response = client.post(url, {"checked_on": TODAY.isoformat()})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Confirm what the document shows" in response.content.decode()
    world.record.refresh_from_db()
    assert world.record.state == "waiting_coordinator"
    data = {"checked_on": TODAY.isoformat(), "confirmed": "on"}
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    # A repeat (double click) changes nothing and says why.
    again = client.post(url, data)
    assert again.status_code == HTTPStatus.BAD_REQUEST
    assert "no longer waiting" in again.content.decode()
    world.record.refresh_from_db()
    assert world.record.state == "verified" and world.record.signed_by == world.coordinator
    assert world.record.checked_on == TODAY and world.record.sha256
    # Locked: the trainee cannot change it, nor send it again.
    her = _client(world.her)
    assert her.get(reverse("earlier_rsc:edit", args=[world.record.pk])).status_code == 403
    her.post(reverse("earlier_rsc:ask", args=[world.record.pk]))
    world.record.refresh_from_db()
    assert world.record.state == "verified"


def test_returning_needs_a_reason_and_the_trainee_sees_it(world):
    client = _client(world.coordinator)
    url = reverse("earlier_rsc:return", args=[world.record.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This field is required" in response.content.decode()
    assert client.post(url, {"reason": "The letter is not signed."}).status_code == 302
    world.record.refresh_from_db()
    assert world.record.state == "returned"
    page = _client(world.her).get(reverse("earlier_rsc:list")).content.decode()
    assert "The letter is not signed." in page


def test_the_menu_leads_trainees_and_coordinators_to_their_pages(world):
    mine = _client(world.her).get(reverse("earlier_rsc:list")).content.decode()
    assert reverse("earlier_rsc:list") in mine and reverse("earlier_rsc:queue") not in mine
    queue = _client(world.coordinator).get(reverse("earlier_rsc:queue")).content.decode()
    assert f'href="{reverse("earlier_rsc:queue")}"' in queue
