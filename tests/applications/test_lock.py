"""While an application is submitted, under review or at the exam, the applicant's records are
frozen: every create, edit and delete is refused and nothing changes."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.applications.conftest import FORMS, MODELS
from training.applications import services
from training.applications.enums import LOCKED_STATUSES, ApplicationStatus
from training.applications.models import Application
from training.applications.selectors import records_locked
from training.competencies.models import EndorsementCategory

pytestmark = pytest.mark.django_db

LOCKED_MESSAGE = "Your application has been submitted; your records are locked"
KINDS = ["education", "work", "membership"]


def _apply(trainee, status):
    return Application.objects.create(
        trainee=trainee, category=EndorsementCategory.objects.first(), status=status
    )


def _snapshot(trainee):
    return {
        kind: list(model.objects.filter(trainee=trainee).order_by("pk").values())
        for kind, model in MODELS.items()
    }


@pytest.mark.parametrize("status", sorted(LOCKED_STATUSES))
def test_records_are_locked_while_the_application_is_in_flight(trainee, status):
    assert not records_locked(trainee)
    _apply(trainee, status)
    assert records_locked(trainee)


@pytest.mark.parametrize(
    "status", [ApplicationStatus.PREPARING, ApplicationStatus.RETURNED, ApplicationStatus.ENDORSED]
)
def test_records_are_open_before_submission_and_after_a_decision(trainee, status):
    _apply(trainee, status)
    assert not records_locked(trainee)


@pytest.mark.parametrize("kind", KINDS)
def test_every_create_edit_and_delete_is_refused_while_locked(login, trainee, records, kind):
    _apply(trainee, ApplicationStatus.SUBMITTED)
    before = _snapshot(trainee)
    client = login(trainee)
    record = records[kind]
    add = reverse(f"applications_{kind}_add")
    edit = reverse(f"applications_{kind}_edit", args=[record.pk])
    delete = reverse(f"applications_{kind}_delete", args=[record.pk])
    for url in (add, edit, delete):
        page = client.get(url)
        assert page.status_code == HTTPStatus.OK
        html = page.content.decode()
        assert LOCKED_MESSAGE in html
        assert 'type="submit" class="btn btn-primary">Save' not in html
    for url in (add, edit):
        response = client.post(url, FORMS[kind])
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert LOCKED_MESSAGE in response.content.decode()
    response = client.post(delete)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert LOCKED_MESSAGE in response.content.decode()
    assert _snapshot(trainee) == before


def test_the_hub_says_so_and_offers_no_changes(login, trainee, records):
    _apply(trainee, ApplicationStatus.UNDER_REVIEW)
    html = login(trainee).get(reverse("applications_home")).content.decode()
    assert LOCKED_MESSAGE in html
    assert "Under review" in html
    for kind, record in records.items():
        assert reverse(f"applications_{kind}_add") not in html
        assert reverse(f"applications_{kind}_edit", args=[record.pk]) not in html
        assert reverse(f"applications_{kind}_delete", args=[record.pk]) not in html


@pytest.mark.parametrize(
    "call",
    [
        lambda t, r: services.education_create(
            actor=t,
            level="bachelor",
            field="x",
            institution="y",
            completed_on=r["education"].completed_on,
        ),
        lambda t, r: services.membership_update(
            actor=t, record=r["membership"], association="a", number="1", expires_on=None
        ),
        lambda t, r: services.work_experience_delete(actor=t, record=r["work"]),
        lambda t, r: services.education_delete(actor=t, record=r["education"]),
    ],
    ids=["education_create", "membership_update", "work_delete", "education_delete"],
)
def test_the_services_refuse_too(trainee, records, call):
    _apply(trainee, ApplicationStatus.EXAM)
    before = _snapshot(trainee)
    with pytest.raises(ValidationError, match="records are locked"):
        call(trainee, records)
    assert _snapshot(trainee) == before


def test_a_returned_application_unlocks_the_records(login, trainee, records):
    application = _apply(trainee, ApplicationStatus.SUBMITTED)
    application.status = ApplicationStatus.RETURNED
    application.save()
    response = login(trainee).post(reverse("applications_membership_add"), FORMS["membership"])
    assert response.status_code == HTTPStatus.FOUND
    assert MODELS["membership"].objects.filter(trainee=trainee).count() == 2
