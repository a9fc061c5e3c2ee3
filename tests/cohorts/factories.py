import factory

from tests.factories import UserFactory
from training.cohorts.models import Cohort, CohortMembership


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort; CohortFactory(trainees=[...]) adds members, `coordinator=` names who runs it."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Cohort {n}")

    @factory.post_generation
    def coordinator(self, create, extracted, **kwargs):
        if create:
            self.coordinators.add(extracted or UserFactory(coordinator=True, with_mfa=True))

    @factory.post_generation
    def trainees(self, create, extracted, **kwargs):
        if create:
            for trainee in extracted or []:
                CohortMembership.objects.create(cohort=self, trainee=trainee)
