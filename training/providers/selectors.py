"""Reads about outside providers: who serves whom."""

from .models import OutsideProvider


def provider_serves(provider_user, trainee) -> bool:
    """The user is an outside provider on the trainee's list (no pairing dates: they are
    chosen by the trainee, and readiness decides from the registry what counts)."""
    if provider_user is None or trainee is None:
        return False
    return OutsideProvider.objects.filter(account_id=provider_user.pk, trainees=trainee).exists()


def is_outside_provider(user) -> bool:
    return user is not None and OutsideProvider.objects.filter(account_id=user.pk).exists()


def outside_providers_of(trainee):
    return OutsideProvider.objects.filter(trainees=trainee).select_related("account", "category")


def outside_providers_for_trainees(trainee_ids):
    """Providers serving any of these trainees (None: all), with their trainees, for a
    coordinator's list."""
    rows = OutsideProvider.objects.select_related(
        "account", "category", "registry_checked_by"
    ).prefetch_related("trainees")
    if trainee_ids is not None:
        rows = rows.filter(trainees__in=list(trainee_ids)).distinct()
    return rows
