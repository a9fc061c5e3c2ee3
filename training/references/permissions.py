"""Who may do what with reference ratings. Whether a coordinator coordinates the applicant is
the cohorts app's `user_coordinates_trainee`, which views combine with these."""

from training.users.permissions import user_is_trainee


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_can_ask_for_references(user) -> bool:
    """Trainees (applicants) invite their own raters."""
    return _active(user) and user_is_trainee(user)


def user_can_read_rating(user, request) -> bool:
    """The applicant reads a completed rating's answers only when she did not waive it."""
    return (
        _active(user)
        and request.trainee_id == user.pk
        and request.completed_at is not None
        and not request.waived
    )
