import datetime
import shutil
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.records.conftest import PDF_BYTES
from training.applications.models import Education, Membership, WorkExperience

# Words that appear only in the applicant's records: a page for the wrong person must not show
# any of them.
SECRET_FIELD = "Xylophonic Paediatrics"
SECRET_EMPLOYER = "Quintessa Family Centre"
SECRET_ASSOCIATION = "Zanzibar Infant Association"


@pytest.fixture(autouse=True)
def _clean_private_media():
    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def cohort(coordinator, trainee):
    """`trainee` in a cohort that `coordinator` runs."""
    return CohortFactory(coordinator=coordinator, trainees=[trainee])


@pytest.fixture
def other_coordinator(db):
    """A coordinator of another cohort, with a trainee of her own."""
    person = UserFactory(coordinator=True, with_mfa=True)
    CohortFactory(coordinator=person, trainees=[UserFactory(trainee=True)])
    return person


@pytest.fixture
def transcript():
    return SimpleUploadedFile("my transcript.pdf", PDF_BYTES, content_type="application/pdf")


def an_education(trainee, **fields) -> Education:
    values = {
        "level": "bachelor",
        "field": SECRET_FIELD,
        "related_field": True,
        "institution": "State University",
        "completed_on": datetime.date(2015, 6, 1),
    }
    return Education.objects.create(trainee=trainee, **(values | fields))


def a_position(trainee, **fields) -> WorkExperience:
    values = {
        "position": "Home visitor",
        "employer": SECRET_EMPLOYER,
        "starts_on": datetime.date(2016, 1, 1),
        "hours_per_week": Decimal(40),
        "families_served": 30,
        "age_group": "both",
        "duties": "Weekly visits.",
        "supervisor_name": "Pat Lead",
        "supervisor_email": "pat.lead@example.org",
    }
    return WorkExperience.objects.create(trainee=trainee, **(values | fields))


def a_membership(trainee, **fields) -> Membership:
    values = {
        "association": SECRET_ASSOCIATION,
        "number": "M-77",
        "expires_on": datetime.date.today() + datetime.timedelta(days=300),
    }
    return Membership.objects.create(trainee=trainee, **(values | fields))


@pytest.fixture
def records(trainee):
    """One record of each kind, pending."""
    return {
        "education": an_education(trainee),
        "work": a_position(trainee),
        "membership": a_membership(trainee),
    }


@pytest.fixture
def her_supervisor(trainee):
    return SupervisionAssignmentFactory(
        trainee=trainee, starts_on=datetime.date.today() - datetime.timedelta(days=30)
    ).supervisor


EDUCATION_FORM = {
    "level": "master_or_higher",
    "field": "Infant mental health",
    "related_field": "on",
    "institution": "Lakeside University",
    "completed_on": "2018-05-30",
}
WORK_FORM = {
    "position": "Early intervention specialist",
    "employer": "Bright Start",
    "starts_on": "2019-01-01",
    "ends_on": "2023-12-31",
    "hours_per_week": "37.5",
    "paid": "on",
    "post_degree": "on",
    "supervised": "on",
    "families_served": "25",
    "age_group": "both",
    "duties": "Home visits and developmental screening.",
    "supervisor_name": "Robin Head",
    "supervisor_email": "robin.head@example.org",
}
MEMBERSHIP_FORM = {
    "association": "Lakeside Association for Infant Mental Health",
    "number": "LA-2044",
    "expires_on": "2030-01-31",
}
FORMS = {"education": EDUCATION_FORM, "work": WORK_FORM, "membership": MEMBERSHIP_FORM}
MODELS = {"education": Education, "work": WorkExperience, "membership": Membership}
