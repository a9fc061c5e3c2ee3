import pytest

from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import category
from tests.factories import ProfileFactory, SupervisionAssignmentFactory, UserFactory
from training.references.ratings import STATEMENT_CODES


@pytest.fixture
def applicant(db):
    """A trainee aiming at IFS, in a cohort, with a supervisor."""
    person = UserFactory(trainee=True, first_name="Rosalind", last_name="Okafor")
    ProfileFactory(user=person, target_category=category("IFS"))
    return person


@pytest.fixture
def cohort(applicant):
    return CohortFactory(trainees=[applicant])


@pytest.fixture
def her_coordinator(cohort):
    return cohort.coordinators.first()


@pytest.fixture
def other_coordinator(db):
    return CohortFactory(trainees=[UserFactory(trainee=True)]).coordinators.first()


@pytest.fixture
def her_supervisor(applicant):
    return SupervisionAssignmentFactory(trainee=applicant).supervisor


def rating_post(nei: int = 0, **changes) -> dict[str, str]:
    """A complete, valid rating form as a rater sends it."""
    data = {"known_months": "24", "comments": ""}
    for i, code in enumerate(STATEMENT_CODES):
        data[code] = "nei" if i < nei else "4"
    data.update(changes)
    return data
