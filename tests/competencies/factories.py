import datetime
from decimal import Decimal
from importlib import import_module

import factory
from django.apps import apps as django_apps

from tests.factories import UserFactory
from training.competencies.models import EndorsementCategory, ProviderQualification
from training.records.enums import TrainingSource
from training.records.models import TrainingRecord


def seed_categories() -> None:
    """Seed the categories and their application requirements as the migrations do: a
    transactional test's flush (live server, parallel posts) empties them."""
    for seeding in ("0003_seed_endorsement_categories", "0008_application_requirements"):
        import_module(f"training.competencies.migrations.{seeding}").seed(django_apps, None)


def category(code: str) -> EndorsementCategory:
    """A category seeded by the data migration (seeded again after a flush)."""
    found = EndorsementCategory.objects.filter(code=code).first()
    if found is None:
        seed_categories()
        found = EndorsementCategory.objects.get(code=code)
    return found


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
