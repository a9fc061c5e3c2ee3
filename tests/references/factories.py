import datetime
import itertools

import factory
from django.utils import timezone

from tests.factories import UserFactory
from training.competencies.enums import RaterRole
from training.references.models import ReferenceRequest
from training.references.ratings import NOT_ENOUGH_INFORMATION, STATEMENT_CODES
from training.references.services import token_hash

_tokens = itertools.count(1)


def answers(nei: int = 0, value: str = "3") -> dict[str, str]:
    """Answers to every statement, the first `nei` of them "not enough information"."""
    return {
        code: NOT_ENOUGH_INFORMATION if i < nei else value for i, code in enumerate(STATEMENT_CODES)
    }


class ReferenceRequestFactory(factory.django.DjangoModelFactory):
    """A waiting invitation (only its link's hash is stored: use `make_request` for the
    token); ReferenceRequestFactory(completed=True) has a rating that counts."""

    class Meta:
        model = ReferenceRequest
        exclude = ("token",)

    class Params:
        completed = factory.Trait(
            completed_at=factory.LazyFunction(timezone.now),
            known_months=24,
            answers=factory.LazyFunction(answers),
            comments="Listens closely to parents.",
        )

    token = factory.LazyFunction(lambda: f"test-link-token-{next(_tokens):030d}")
    trainee = factory.SubFactory(UserFactory, trainee=True)
    rater_name = factory.Faker("name")
    rater_email = factory.Sequence(lambda n: f"rater{n}@raters.example")
    role = RaterRole.COLLEAGUE
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    sent_at = factory.LazyFunction(timezone.now)


def make_request(**kwargs) -> tuple[ReferenceRequest, str]:
    """A request and the token of its link."""
    token = f"test-link-token-{next(_tokens):030d}"
    request = ReferenceRequestFactory(token_hash=token_hash(token), **kwargs)
    return request, token
