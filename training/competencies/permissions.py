"""Who may see whose readiness and training, and who verifies external training."""

from training.users.permissions import (
    user_is_coordinator,
    user_is_supervisor,
    user_supervises,
)

from .enums import TrainingSource


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_coordinates_trainee(user, trainee) -> bool:
    """A coordinator of a cohort the trainee belongs to (a site-wide admin counts too)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if not user_is_coordinator(user):
        return False
    from training.cohorts.models import CohortMembership

    return CohortMembership.objects.filter(trainee=trainee, cohort__coordinators=user).exists()


def user_can_view_readiness(user, trainee) -> bool:
    """The trainee, their current supervisor, and coordinators of their cohorts."""
    if not _active(user) or trainee is None:
        return False
    if user.pk == trainee.pk:
        return True
    return user_supervises(user, trainee) or user_coordinates_trainee(user, trainee)


def user_can_view_training_record(user, record) -> bool:
    """Whoever may see the trainee's readiness may see the records behind it."""
    return user_can_view_readiness(user, record.trainee)


def user_can_verify_training(user) -> bool:
    """Supervisors and coordinators have a verification queue."""
    return _active(user) and (
        user_is_supervisor(user) or user_is_coordinator(user) or user.is_superuser
    )


def user_can_verify_training_record(user, record) -> bool:
    """A trainee's supervisor or cohort coordinator verifies their external training, never
    the trainee themselves."""
    if not _active(user) or record.source != TrainingSource.EXTERNAL:
        return False
    if user.pk == record.trainee_id:
        return False
    return user_supervises(user, record.trainee) or user_coordinates_trainee(user, record.trainee)
