"""An applicant with a record of every kind the packet shows, in a cohort with a coordinator."""

import datetime
import secrets
import shutil
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import TrainingRecordFactory, category
from tests.factories import ProfileFactory, UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory, SupervisionSessionFactory
from training.applications.enums import AgreementKind, ApplicationStatus
from training.applications.models import (
    AgreementAcceptance,
    AgreementText,
    Application,
    Education,
    ExamResult,
    Membership,
    WorkExperience,
)
from training.competencies.enums import AgeGroup, RaterRole
from training.competencies.models import (
    Competency,
    CompetencyFramework,
    Domain,
    ProviderQualification,
)
from training.references.models import ReferenceRequest
from training.users.enums import Degree

# Written into a waived rating's comments and answers, and a non-waived one's: never in a file.
WAIVED_CANARY = "waived-canary-51e0-osprey"
OPEN_CANARY = "open-rating-canary-9d2c-heron"
TRANSCRIPT = b"%PDF-1.4 the transcript itself"


@pytest.fixture(autouse=True)
def _clean_private_media():
    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


def _reference(trainee, *, waived: bool, canary: str, name: str) -> ReferenceRequest:
    now = timezone.now()
    return ReferenceRequest.objects.create(
        trainee=trainee,
        rater_name=name,
        rater_email=f"{secrets.token_hex(4)}@example.org",
        role=RaterRole.COLLEAGUE,
        waived=waived,
        token_hash=secrets.token_hex(32),
        expires_at=now + datetime.timedelta(days=20),
        sent_at=now,
        completed_at=now - datetime.timedelta(days=1),
        known_months=24,
        answers={"reflection_self": "4", "reflection_seek": canary},
        comments=f"Confidential: {canary}",
    )


def _area() -> Competency:
    framework, _ = CompetencyFramework.objects.get_or_create(name="Test framework")
    domain, _ = Domain.objects.get_or_create(framework=framework, name="Theoretical Foundations")
    area, _ = Competency.objects.get_or_create(domain=domain, name="Attachment")
    return area


def add_records(trainee, n: int, *, provider=None) -> None:
    """`n` rows of each kind of record (logs signed off by `provider`, one is made if none),
    training and logs tagged with one knowledge area."""
    today = timezone.localdate()
    provider = provider or UserFactory(supervisor=True)
    area = _area()
    for i in range(n):
        TrainingRecordFactory(
            trainee=trainee,
            title="=HYPERLINK(evil)" if i == 0 else f"Workshop {i}",
            hours=Decimal("6"),
        ).competencies.set([area])
        WorkExperience.objects.create(
            trainee=trainee,
            position=f"Home visitor {i}",
            employer="Little Steps",
            starts_on=today - datetime.timedelta(days=900 + i),
            ends_on=None if i == 0 else today - datetime.timedelta(days=10),
            hours_per_week=Decimal("30"),
            post_degree=True,
            supervised=True,
            families_served=12,
            age_group=AgeGroup.BOTH,
            duties="-2+3 visits families" if i == 0 else "Visits families at home.",
            supervisor_name="@Dana Boss" if i == 0 else "Dana Boss",
            supervisor_email="dana@example.org",
            verified=i % 2 == 0,
        )
        education = Education.objects.create(
            trainee=trainee,
            level=Degree.BACHELOR,
            field="Child development",
            related_field=True,
            institution="State University",
            completed_on=today - datetime.timedelta(days=2000 + i),
            verified=True,
        )
        if i == 0:
            education.transcript.save("my transcript.PDF", ContentFile(TRANSCRIPT))
        Membership.objects.create(
            trainee=trainee,
            association="State AIMH",
            number=f"M-{i}",
            expires_on=today + datetime.timedelta(days=200),
            verified=True,
        )
        session = SupervisionSessionFactory(
            provider=provider, held_on=today - datetime.timedelta(days=3 + i)
        )
        ReflectiveLogFactory(
            trainee=trainee,
            session=session,
            state="signed_off",
            paired=i == 0,
            competencies=[area],
        )
        _reference(trainee, waived=True, canary=WAIVED_CANARY, name=f"Waived rater {i}")
        _reference(trainee, waived=False, canary=OPEN_CANARY, name=f"Open rater {i}")
        ExamResult.objects.create(
            trainee=trainee, category=category("IMHS"), taken_on=today, passed=i == 0
        )
    for text in AgreementText.objects.all():
        AgreementAcceptance.objects.create(
            trainee=trainee, text=text, accepted_at=timezone.now() - datetime.timedelta(days=30)
        )


@pytest.fixture
def provider(db):
    """An RSC provider endorsed IMHM-C through Attune (so her number is known)."""
    provider = UserFactory(supervisor=True, with_mfa=True)
    ProviderQualification.objects.create(supervisor=provider, category=category("IMHM-C"))
    Application.objects.create(
        trainee=provider,
        category=category("IMHM-C"),
        status=ApplicationStatus.ENDORSED,
        endorsement_number="IMHMC-4242",
    )
    return provider


@pytest.fixture
def applicant(trainee, provider):
    trainee.first_name, trainee.last_name = "Noor", "Haddad"
    trainee.save()
    ProfileFactory(
        user=trainee,
        target_category=category("IMHS"),
        organisation="Little Steps",
        discipline="home_visiting",
    )
    add_records(trainee, 2, provider=provider)
    Application.objects.create(trainee=trainee, category=category("IMHS"))
    assert AgreementText.objects.filter(kind=AgreementKind.CODE_OF_ETHICS).exists()
    return trainee


@pytest.fixture
def cohort(applicant):
    return CohortFactory(trainees=[applicant])


@pytest.fixture
def cohort_coordinator(cohort):
    return cohort.coordinators.get()
