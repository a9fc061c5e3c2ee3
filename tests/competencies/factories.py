import datetime
from decimal import Decimal

import factory

from tests.factories import UserFactory
from training.competencies.models import EndorsementCategory, ProviderQualification
from training.records.enums import TrainingSource
from training.records.models import TrainingRecord


def category(code: str) -> EndorsementCategory:
    """A category seeded by the data migration."""
    return EndorsementCategory.objects.get(code=code)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    """Verified external training by default; TrainingRecordFactory(pending=True) awaits review."""

    class Meta:
        model = TrainingRecord

    class Params:
        pending = factory.Trait(verified=False)
        course = factory.Trait(source=TrainingSource.COURSE, verified=True)

    trainee = factory.SubFactory(UserFactory, trainee=True)
    title = factory.Sequence(lambda n: f"Training session {n}")
    source = TrainingSource.EXTERNAL
    hours = Decimal("6.00")
    completed_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(30))
    verified = True


class ProviderQualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderQualification

    supervisor = factory.SubFactory(UserFactory, supervisor=True)
    category = factory.LazyFunction(lambda: category("IMHM-C"))
    vetted_by_association = False
