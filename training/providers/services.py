"""Adding outside providers, and a coordinator's check of their credential."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from training.competencies.models import EndorsementCategory, ProviderQualification
from training.users.models import User
from training.users.permissions import user_is_coordinator
from training.users.responsibility import user_is_responsible_for

from .models import OutsideProvider

DETAIL_FIELDS = ("category", "vetted", "endorsement_number", "association")


def user_coordinates_provider(user, provider: OutsideProvider) -> bool:
    """A coordinator of one of the provider's trainees (cohorts answer who that is)."""
    if not (user.is_superuser or user_is_coordinator(user)):
        return False
    return any(user_is_responsible_for(user, trainee) for trainee in provider.trainees.all())


def user_may_correct_provider(user, provider: OutsideProvider) -> bool:
    return provider_editable_by_trainee(provider, user) or user_coordinates_provider(user, provider)


def _clean_email(email: str) -> str:
    return User.objects.normalize_email((email or "").strip()).lower()


@transaction.atomic
def outside_provider_add(
    *,
    trainee: User,
    added_by: User,
    first_name: str,
    last_name: str,
    email: str,
    category: EndorsementCategory | None,
    vetted: bool,
    endorsement_number: str,
    association: str,
) -> tuple[OutsideProvider, bool]:
    """Add a provider the trainee may choose for her sessions; (provider, created).

    A provider someone already added (same address) is shared: the trainee joins their list
    and the details on file stay as they are. Someone other than the trainee adds one only
    for a trainee she coordinates."""
    if added_by.pk != trainee.pk and not user_is_responsible_for(added_by, trainee):
        raise PermissionDenied
    email = _clean_email(email)
    if email == trainee.email.lower():
        raise ValidationError({"email": "You cannot be your own provider."})
    existing = User.objects.filter(email__iexact=email).select_related("outside_provider").first()
    if existing is not None:
        provider = getattr(existing, "outside_provider", None)
        if provider is None:
            raise ValidationError(
                {
                    "email": "This address belongs to an Attune account. Ask your coordinator "
                    "to pair you with that person as your supervisor."
                }
            )
        provider.trainees.add(trainee)
        return provider, False
    account = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    account.set_unusable_password()
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as error:  # the same address added at the same moment
        raise ValidationError({"email": "This provider was just added: try again."}) from error
    provider = OutsideProvider.objects.create(
        account=account,
        category=category,
        vetted=vetted,
        endorsement_number=endorsement_number.strip(),
        association=association.strip(),
        added_by=added_by,
    )
    provider.trainees.add(trainee)
    return provider, True


def provider_editable_by_trainee(provider: OutsideProvider, trainee: User) -> bool:
    """A trainee corrects a provider she added and alone uses, until a coordinator checks it."""
    return (
        provider.added_by_id == trainee.pk
        and not provider.is_verified
        and list(provider.trainees.values_list("pk", flat=True)) == [trainee.pk]
    )


@transaction.atomic
def outside_provider_update(
    *, actor, provider_id: int, first_name: str, last_name: str, email: str, **details
) -> OutsideProvider:
    """Correct a provider's name, address or credential. A new address closes every link sent
    to the old one (links check the address they were sent to)."""
    provider = (
        OutsideProvider.objects.select_for_update().select_related("account").get(pk=provider_id)
    )
    if not user_may_correct_provider(actor, provider):
        raise PermissionDenied
    account = provider.account
    email = _clean_email(email)
    if email != account.email.lower():
        if User.objects.filter(email__iexact=email).exclude(pk=account.pk).exists():
            raise ValidationError({"email": "Another person already uses this address."})
        if account.has_usable_password():
            raise ValidationError(
                {"email": "This provider now has an account: they change their own address."}
            )
    credential_changed = any(getattr(provider, name) != details[name] for name in DETAIL_FIELDS)
    account.first_name, account.last_name, account.email = (
        first_name.strip(),
        last_name.strip(),
        email,
    )
    account.save(update_fields=["first_name", "last_name", "email"])
    for name in DETAIL_FIELDS:
        setattr(provider, name, details[name])
    if credential_changed:
        # A check was of the old credential: it must be made again.
        provider.registry_checked_on = None
        provider.registry_checked_by = None
    provider.save()
    return provider


@transaction.atomic
def outside_provider_remove(*, provider_id: int, trainee: User) -> None:
    """Take a provider off the trainee's own list: links for her logs stop acting (each action
    checks the provider still serves her); signed records stay."""
    provider = OutsideProvider.objects.get(pk=provider_id)
    if not provider.trainees.filter(pk=trainee.pk).exists():
        raise PermissionDenied
    provider.trainees.remove(trainee)


@transaction.atomic
def outside_provider_verify(
    *,
    provider_id: int,
    coordinator: User,
    checked_on: datetime.date,
    starts_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
) -> ProviderQualification:
    """A coordinator checked the provider's number against the association's registry: the
    credential enters the provider registry, from which readiness decides what counts."""
    provider = OutsideProvider.objects.select_for_update().get(pk=provider_id)
    if not user_coordinates_provider(coordinator, provider):
        raise PermissionDenied
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": "The check cannot be in the future."})
    if provider.category_id is None:
        raise ValidationError(
            {"checked_on": "Add the category the provider holds or is vetted for first."}
        )
    if starts_on and expires_on and expires_on < starts_on:
        raise ValidationError({"expires_on": "The expiry must be after the start."})
    qualification = ProviderQualification.objects.create(
        supervisor=provider.account,
        category=provider.category,
        vetted_by_association=provider.vetted,
        starts_on=starts_on,
        expires_on=expires_on,
        note=(
            f"Outside provider no. {provider.endorsement_number}, checked against the "
            f"{provider.association} registry on {checked_on:%d %b %Y} by "
            f"{coordinator.display_name}"
        )[:255],
    )
    provider.registry_checked_on = checked_on
    provider.registry_checked_by = coordinator
    provider.save(update_fields=["registry_checked_on", "registry_checked_by"])
    return qualification
