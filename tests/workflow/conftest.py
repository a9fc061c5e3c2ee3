import datetime

import pytest
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import category
from tests.factories import ProfileFactory
from training.applications.models import ExamResult
from training.applications.workflow import (
    application_endorse,
    application_exam,
    application_return,
    application_review,
    application_start,
    application_submit,
)

ORDER = ["preparing", "submitted", "under_review", "exam"]


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def ifa(db):
    """A category that asks no exam."""
    found = category("IFA")
    assert not found.exam_required
    return found


@pytest.fixture
def imhs(db):
    """A category that asks an exam."""
    found = category("IMHS")
    assert found.exam_required
    return found


@pytest.fixture
def cohort(coordinator, trainee, ifa):
    ProfileFactory(user=trainee, target_category=ifa)
    return CohortFactory(coordinator=coordinator, trainees=[trainee])


@pytest.fixture
def advance(coordinator):
    """An application of `trainee` for `category`, moved by the services to `status`."""

    def _advance(trainee, category, status):
        actor = coordinator
        app = application_start(actor=actor, trainee=trainee, category=category)
        if status == "preparing":
            return app
        app = application_submit(actor=actor, application=app, on=days_ago(20))
        if status == "returned":
            return application_return(actor=actor, application=app, reason="Missing a transcript.")
        if status == "submitted":
            return app
        app = application_review(actor=actor, application=app)
        if status == "under_review":
            return app
        if category.exam_required:
            app = application_exam(actor=actor, application=app)
            if status == "exam":
                return app
            ExamResult.objects.create(
                trainee=trainee, category=category, taken_on=days_ago(3), passed=True
            )
        return application_endorse(actor=actor, application=app, on=days_ago(2), number="E-1001")

    return _advance
