import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.cohorts.factories import CohortFactory
from training.cohorts.services import assignment_create, assignment_end
from training.users.permissions import user_supervises

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def cohort(coordinator, trainee):
    return CohortFactory(coordinator=coordinator, trainees=[trainee])


def test_pairing_needs_a_supervisor_and_a_trainee(coordinator, cohort, trainee, other_trainee):
    with pytest.raises(ValidationError, match="supervisor role"):
        assignment_create(
            actor=coordinator,
            cohort=cohort,
            supervisor=other_trainee,
            trainee=trainee,
            starts_on=TODAY,
        )


def test_overlapping_pairing_is_refused(coordinator, cohort, assignment):
    with pytest.raises(ValidationError, match="already paired"):
        assignment_create(
            actor=coordinator,
            cohort=cohort,
            supervisor=assignment.supervisor,
            trainee=assignment.trainee,
            starts_on=TODAY,
        )


def test_ending_a_pairing_ends_supervision_from_the_next_check(coordinator, cohort, assignment):
    assert user_supervises(assignment.supervisor, assignment.trainee)
    assignment_end(
        actor=coordinator, assignment=assignment, ends_on=TODAY - datetime.timedelta(days=1)
    )
    assert not user_supervises(assignment.supervisor, assignment.trainee)


def test_no_admin_offers_pairings_to_edit(login, coordinator, home_page):
    """Pairings change on the cohort page only: the Wagtail admin has no pairing views."""
    client = login(coordinator)
    for url in ("/admin/supervision_assignments/", "/admin/supervision_assignments/new/"):
        assert client.get(url).status_code == 404
