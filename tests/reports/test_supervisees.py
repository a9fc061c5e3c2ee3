import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_supervisor_sees_their_supervisees_across_cohorts_and_no_one_else(login, supervisor):
    mine_a = UserFactory(trainee=True, first_name="Mina", last_name="Ames")
    mine_b = UserFactory(trainee=True, first_name="Milo", last_name="Bright")
    ended = UserFactory(trainee=True, first_name="Enda", last_name="Ended")
    theirs = UserFactory(trainee=True, first_name="Theo", last_name="Other")
    CohortFactory(trainees=[mine_a])
    CohortFactory(trainees=[mine_b, theirs])
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=mine_a)
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=mine_b)
    SupervisionAssignmentFactory(
        supervisor=supervisor,
        trainee=ended,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    SupervisionAssignmentFactory(trainee=theirs)

    html = login(supervisor).get(reverse("reports_supervisees")).content.decode()
    assert "Mina Ames" in html and "Milo Bright" in html
    assert "Enda Ended" not in html and "Theo Other" not in html


@pytest.mark.parametrize("role", ["trainee", "coordinator"])
def test_only_supervisors_open_the_supervisee_overview(login, role, assignment):
    person = UserFactory(**{role: True}, with_mfa=True)
    response = login(person).get(reverse("reports_supervisees"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert assignment.trainee.display_name not in response.content.decode()
