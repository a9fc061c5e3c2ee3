"""Personal data in reflective logs.

On erasure, signed-off logs are kept (an endorsement body may still ask for signed RSC
records), linked only to the pseudonymised account; they were de-identified before submit and
are locked, so their text stays as signed. Unsigned drafts go.
"""

from django.db import transaction

from training.privacy.enums import Erasure
from training.privacy.registry import Retention, register

from .enums import LogState, SessionFormat
from .models import (
    Addendum,
    AttendanceSignOff,
    GroupAttendance,
    LogAuditEvent,
    LogComment,
    ReflectiveLog,
    SignOff,
    SupervisionSession,
)


@transaction.atomic
def erase_unsigned_logs(*, user, rows) -> int:
    """Delete the person's unsigned logs and the individual sessions only they recorded."""
    unsigned = ReflectiveLog.objects.filter(trainee=user).exclude(state=LogState.SIGNED_OFF)
    session_ids = list(unsigned.values_list("session_id", flat=True))
    count = len(session_ids)
    for log in unsigned:
        log.competencies.clear()
        log.delete()
    SupervisionSession.objects.filter(
        pk__in=session_ids, format=SessionFormat.INDIVIDUAL, logs__isnull=True
    ).delete()
    return count


def logs_under_review(user) -> list:
    """The person's logs a supervisor has (submitted, or returned after review)."""
    return list(
        ReflectiveLog.objects.filter(
            trainee=user, state__in=[LogState.SUBMITTED, LogState.RETURNED]
        )
        .select_related("session__provider")
        .order_by("session__held_on", "pk")
    )


register(
    ReflectiveLog,
    user_fields=["trainee"],
    erasure=Erasure.PSEUDONYMISE,
    eraser=erase_unsigned_logs,
    in_use=logs_under_review,
    retention=Retention(
        setting="unsubmitted_drafts", date_field="updated_at", filters={"state": LogState.DRAFT}
    ),
)
register(
    SupervisionSession,
    user_fields=["attendees"],
    reference_fields=["provider", "recorded_by"],
    erasure=Erasure.KEEP_LINKED,
)
register(LogComment, user_fields=[], reference_fields=["author"], erasure=Erasure.KEEP_LINKED)
register(SignOff, user_fields=[], reference_fields=["signer"], erasure=Erasure.KEEP_LINKED)
register(Addendum, user_fields=["author"], reference_fields=["signer"], erasure=Erasure.KEEP_LINKED)
register(LogAuditEvent, user_fields=[], reference_fields=["actor"], erasure=Erasure.KEEP_LINKED)
# Who attended a group session and for how long: hours and ids, never text. Kept with the
# session (a signed attendance is RSC evidence an endorsement body may still ask for).
register(GroupAttendance, user_fields=["trainee"], reference_fields=[], erasure=Erasure.KEEP_LINKED)
register(
    AttendanceSignOff, user_fields=[], reference_fields=["signer"], erasure=Erasure.KEEP_LINKED
)
