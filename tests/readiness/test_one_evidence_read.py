"""A readiness page reads each kind of evidence once, through the one loader, and costs fewer
queries than before the loader (27)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.competencies.factories import (
    ProviderQualificationFactory,
    TrainingRecordFactory,
    category,
)
from tests.factories import SupervisionAssignmentFactory
from tests.reflective_logs.factories import ReflectiveLogFactory, SupervisionSessionFactory
from training.users.services import profile_update

pytestmark = pytest.mark.django_db

EVIDENCE_TABLES = (
    "records_trainingrecord",
    "reflective_logs_reflectivelog",
    "competencies_providerqualification",
)
BEFORE_THE_LOADER = 27


@pytest.fixture
def busy_trainee(trainee, supervisor):
    SupervisionAssignmentFactory(
        supervisor=supervisor, trainee=trainee, starts_on=datetime.date(2020, 1, 1)
    )
    ProviderQualificationFactory(supervisor=supervisor, category=category("IMHM-C"))
    profile_update(
        user=trainee,
        target_category=category("IMHS"),
        endorsement_held=category("IFS"),
        endorsed_on=datetime.date(2024, 3, 1),
    )
    for n in range(6):
        session = SupervisionSessionFactory(
            provider=supervisor, held_on=timezone.localdate() - datetime.timedelta(days=3 + n)
        )
        state = "signed_off" if n % 2 else "submitted"
        ReflectiveLogFactory(trainee=trainee, session=session, state=state, paired=False)
    TrainingRecordFactory.create_batch(3, trainee=trainee)
    TrainingRecordFactory(trainee=trainee, pending=True)
    return trainee


def reads(captured, table: str) -> int:
    pattern = re.compile(rf'FROM "{table}"(\s|$)')
    return sum(1 for q in captured.captured_queries if pattern.search(q["sql"]))


@pytest.mark.parametrize("name", ["readiness", "dashboard_trainee"])
def test_each_kind_of_evidence_is_read_once(login, busy_trainee, name):
    client = login(busy_trainee)
    client.get(reverse(name))  # the first view may build today's snapshot
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    assert response.status_code == 200
    for table in EVIDENCE_TABLES:
        assert reads(captured, table) <= 1, (table, [q["sql"] for q in captured.captured_queries])


def test_the_readiness_page_costs_fewer_queries_than_before_the_loader(login, busy_trainee):
    client = login(busy_trainee)
    client.get(reverse("readiness"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("readiness"))
    print(f"readiness page: {len(captured)} queries (before the loader: {BEFORE_THE_LOADER})")
    assert len(captured) < BEFORE_THE_LOADER
