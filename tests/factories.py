"""Factories shared by every app's tests; app-specific ones live in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from training.users.enums import Role
from training.users.models import Profile, SupervisionAssignment, User
from training.users.services import user_grant_role

PASSWORD = "a-long-test-passphrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified person, with roles by flag: UserFactory(trainee=True, with_mfa=True)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            for role in extracted or []:
                user_grant_role(user=self, role=role)

    # Role flags: UserFactory(trainee=True), UserFactory(supervisor=True, with_mfa=True), ...
    @factory.post_generation
    def trainee(self, create, extracted, **kwargs):
        if create and extracted:
            user_grant_role(user=self, role=Role.TRAINEE)

    @factory.post_generation
    def supervisor(self, create, extracted, **kwargs):
        if create and extracted:
            user_grant_role(user=self, role=Role.SUPERVISOR)

    @factory.post_generation
    def coordinator(self, create, extracted, **kwargs):
        if create and extracted:
            user_grant_role(user=self, role=Role.COORDINATOR)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def with_mfa(self, create, extracted, **kwargs):
        if create and extracted:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)


class SupervisionAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionAssignment

    supervisor = factory.SubFactory(UserFactory, supervisor=True, with_mfa=True)
    trainee = factory.SubFactory(UserFactory, trainee=True)
    starts_on = factory.Faker("date_between", start_date="-1y", end_date="-30d")
