import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory
from training.users.permissions import user_supervises
from training.users.services import assignment_create, assignment_end

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def test_pairing_needs_a_supervisor_and_a_trainee(trainee, other_trainee):
    with pytest.raises(ValidationError, match="supervisor role"):
        assignment_create(supervisor=other_trainee, trainee=trainee, starts_on=TODAY)


def test_overlapping_pairing_is_refused(assignment):
    with pytest.raises(ValidationError, match="already paired"):
        assignment_create(
            supervisor=assignment.supervisor, trainee=assignment.trainee, starts_on=TODAY
        )


def test_ending_a_pairing_ends_supervision_from_the_next_check(assignment):
    assert user_supervises(assignment.supervisor, assignment.trainee)
    assignment_end(assignment=assignment, on=TODAY - datetime.timedelta(days=1))
    assert not user_supervises(assignment.supervisor, assignment.trainee)


def test_coordinator_pairs_people_in_the_wagtail_admin(login, coordinator, home_page):
    supervisor = UserFactory(supervisor=True)
    trainee = UserFactory(trainee=True)
    client = login(coordinator)
    assert client.get("/admin/supervision_assignments/").status_code == HTTPStatus.OK
    response = client.post(
        "/admin/supervision_assignments/new/",
        {
            "supervisor": supervisor.pk,
            "trainee": trainee.pk,
            "kind": "individual",
            "starts_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert user_supervises(supervisor, trainee)


def test_admin_form_refuses_a_trainee_as_supervisor(login, coordinator, home_page):
    trainee, other = UserFactory(trainee=True), UserFactory(trainee=True)
    response = login(coordinator).post(
        "/admin/supervision_assignments/new/",
        {
            "supervisor": other.pk,
            "trainee": trainee.pk,
            "kind": "individual",
            "starts_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert not user_supervises(other, trainee)
