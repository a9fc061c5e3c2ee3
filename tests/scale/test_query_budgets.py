"""Query budgets: each page that must stay fast makes as many queries with a lot of data as with
a little. A page whose count grows with the data fails here long before it is slow in production.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import TrainingRecordFactory, category
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory, SupervisionSessionFactory
from training.reflective_logs import services as log_services
from training.users.services import profile_update

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    client.get(url)  # the first view of the day may build snapshots; budgets are for the rest
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def logs_for(trainee, supervisor, count: int, state: str = "signed_off") -> None:
    for n in range(count):
        session = SupervisionSessionFactory(
            provider=supervisor, held_on=timezone.localdate() - datetime.timedelta(days=5 + n)
        )
        ReflectiveLogFactory(trainee=trainee, session=session, state=state, paired=False)


@pytest.fixture
def pair(supervisor, trainee):
    SupervisionAssignmentFactory(
        supervisor=supervisor, trainee=trainee, starts_on=datetime.date(2020, 1, 1)
    )
    profile_update(user=trainee, target_category=category("IFS"))
    logs_for(trainee, supervisor, 1)
    logs_for(trainee, supervisor, 1, state="submitted")
    TrainingRecordFactory(trainee=trainee)
    return supervisor, trainee


@pytest.mark.parametrize("name", ["dashboard_trainee", "reflective_logs:list", "readiness"])
def test_trainee_pages_cost_the_same_with_many_logs_and_records(login, pair, name):
    supervisor, trainee = pair
    client = login(trainee)
    url = reverse(name)
    before = queries(client, url)
    logs_for(trainee, supervisor, 12)
    logs_for(trainee, supervisor, 3, state="returned")
    TrainingRecordFactory.create_batch(8, trainee=trainee)
    assert queries(client, url) == before


@pytest.mark.parametrize("name", ["dashboard_supervisor", "reflective_logs:queue"])
def test_supervisor_pages_cost_the_same_with_many_supervisees(login, pair, name):
    supervisor, _trainee = pair
    client = login(supervisor)
    url = reverse(name)
    before = queries(client, url)
    for _ in range(6):
        other = UserFactory(trainee=True)
        SupervisionAssignmentFactory(
            supervisor=supervisor, trainee=other, starts_on=datetime.date(2020, 1, 1)
        )
        logs_for(other, supervisor, 2)
        logs_for(other, supervisor, 1, state="submitted")
    assert queries(client, url) == before


def test_the_review_page_costs_the_same_with_many_comments_and_older_logs(login, pair):
    supervisor, trainee = pair
    log = trainee.reflective_logs.get(state="submitted")
    client = login(supervisor)
    url = reverse("reflective_logs:review", args=[log.pk])
    log_services.log_comment(log_id=log.pk, reviewer=supervisor, section="use_of_self", body="A")
    before = queries(client, url)
    for n in range(8):
        log_services.log_comment(
            log_id=log.pk, reviewer=supervisor, section="take_forward", body=f"More {n}"
        )
    logs_for(trainee, supervisor, 10)
    assert queries(client, url) == before


def test_the_cohort_export_costs_the_same_for_ten_and_for_a_hundred_trainees(
    login, coordinator, supervisor
):
    cohort = CohortFactory(
        coordinator=coordinator, trainees=UserFactory.create_batch(10, trainee=True)
    )
    client = login(coordinator)
    url = reverse("cohort_export", args=[cohort.pk, "csv"])

    def export_queries() -> int:
        b"".join(client.get(url).streaming_content)
        with CaptureQueriesContext(connection) as captured:
            b"".join(client.get(url).streaming_content)
        return len(captured)

    before = export_queries()
    for person in UserFactory.create_batch(90, trainee=True):
        cohort.memberships.create(trainee=person)
        SupervisionAssignmentFactory(
            supervisor=supervisor, trainee=person, starts_on=datetime.date(2020, 1, 1)
        )
        logs_for(person, supervisor, 1)
    assert export_queries() == before
