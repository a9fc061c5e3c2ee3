"""The coordinator dashboard's log overview counts only the trainees of her own cohorts."""

import datetime

import pytest
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.factories import UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory
from training.dashboards.selectors import coordinator_dashboard
from training.reflective_logs.models import ReflectiveLog

pytestmark = pytest.mark.django_db


def test_another_cohorts_logs_and_overdue_supervisors_are_not_in_her_overview():
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    mine, theirs = UserFactory(trainee=True), UserFactory(trainee=True)
    CohortFactory(coordinator=coordinator, trainees=[mine])
    CohortFactory(trainees=[theirs])
    ReflectiveLogFactory(trainee=mine, state="signed_off")
    overdue = ReflectiveLogFactory(trainee=theirs, state="submitted")
    ReflectiveLog.objects.filter(pk=overdue.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    overview = coordinator_dashboard(user=coordinator)["rsc_overview"]
    counts = dict(overview["counts"])
    assert counts["Signed off"] == 1 and counts["Waiting for review"] == 0
    assert overview["overdue_by_supervisor"] == []
