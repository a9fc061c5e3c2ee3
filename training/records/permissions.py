"""Who verifies external training. Whether a person follows a trainee at all is the cohorts
app's `user_can_follow_trainee`, which views combine with these."""

from training.users.permissions import user_is_coordinator, user_is_supervisor

from .enums import TrainingSource


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_can_verify_training(user) -> bool:
    """Supervisors and coordinators have a verification queue."""
    return _active(user) and (
        user_is_supervisor(user) or user_is_coordinator(user) or user.is_superuser
    )


def record_needs_a_verifier(user, record) -> bool:
    """External training is verified by someone other than the trainee."""
    return (
        user_can_verify_training(user)
        and record.source == TrainingSource.EXTERNAL
        and user.pk != record.trainee_id
    )
