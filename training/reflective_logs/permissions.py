"""Who may read and act on reflective logs. Views, templates and tests call these."""

from training.users.permissions import user_is_supervisor, user_is_trainee, user_supervises

from .enums import EDITABLE_LOG_STATES, REVIEWABLE_LOG_STATES, LogState
from .models import ReflectiveLog, SupervisionSession


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_is_log_trainee(user, log: ReflectiveLog) -> bool:
    return _signed_in(user) and log.trainee_id == user.pk


# What a supervisor may ever see: a log the trainee submitted (and later states). A draft is
# the trainee's alone: it has not been through the de-identification check yet.
REVIEWER_VISIBLE_LOG_STATES = frozenset(
    {LogState.SUBMITTED, LogState.RETURNED, LogState.SIGNED_OFF}
)


def user_is_log_reviewer(user, log: ReflectiveLog) -> bool:
    """The session's supervisor, assigned to the trainee on the session date and still today,
    once the trainee has submitted the log (never a draft).

    Ending an assignment takes effect on the next request: nothing here is cached.
    """
    session = log.session
    return (
        _signed_in(user)
        and log.state in REVIEWER_VISIBLE_LOG_STATES
        and log.submitted_at is not None
        and session.provider_id == user.pk
        and user_supervises(user, log.trainee, on=session.held_on)
        and user_supervises(user, log.trainee)
    )


def user_can_read_log(user, log: ReflectiveLog) -> bool:
    """Only the trainee and their reviewing supervisor ever read a log's text."""
    return user_is_log_trainee(user, log) or user_is_log_reviewer(user, log)


def user_can_edit_log(user, log: ReflectiveLog) -> bool:
    return user_is_log_trainee(user, log) and log.state in EDITABLE_LOG_STATES


def user_can_review_log(user, log: ReflectiveLog) -> bool:
    return log.state in REVIEWABLE_LOG_STATES and user_is_log_reviewer(user, log)


def user_can_sign_addendum(user, log: ReflectiveLog) -> bool:
    return log.state == LogState.SIGNED_OFF and user_is_log_reviewer(user, log)


def user_can_write_logs(user) -> bool:
    return _signed_in(user) and user_is_trainee(user)


def user_can_review_logs(user) -> bool:
    return _signed_in(user) and user_is_supervisor(user)


def user_can_log_session(user, session: SupervisionSession) -> bool:
    """A trainee writes against a group session they attended (individual ones are their own)."""
    return (
        user_can_write_logs(user)
        and session.is_group
        and session.attendees.filter(pk=user.pk).exists()
    )


def user_is_facilitator(user, session: SupervisionSession) -> bool:
    """The supervisor who recorded and facilitated this group session."""
    return (
        user_can_review_logs(user)
        and session.is_group
        and session.provider_id is not None
        and session.provider_id == user.pk
    )
