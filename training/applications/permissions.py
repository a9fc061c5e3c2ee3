"""Who may write an applicant's records. Whether a coordinator coordinates this trainee is the
cohorts app's `user_coordinates_trainee`, which views combine with these."""

from training.users.permissions import user_is_coordinator


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_can_edit_application_record(user, record) -> bool:
    """Only the applicant writes her own education, work and membership records."""
    return _active(user) and record.trainee_id == user.pk


def user_can_verify_application_records(user) -> bool:
    """Coordinators (and site-wide admins) verify application records and record exams."""
    return _active(user) and (user.is_superuser or user_is_coordinator(user))


def user_can_verify_application_record(user, record) -> bool:
    """A coordinator verifies someone else's record, never her own."""
    return user_can_verify_application_records(user) and record.trainee_id != user.pk
