"""Test helpers around the lock triggers."""

from contextlib import contextmanager

from django.db import connection

from training.reflective_logs.locks import locks_install, locks_remove
from training.reflective_logs.models import (
    Addendum,
    AttendanceSignOff,
    GroupAttendance,
    LogAuditEvent,
    ReflectiveLog,
    SignOff,
    SupervisionSession,
)


@contextmanager
def locks_lifted():
    """Drop the lock triggers for a moment, to tamper on purpose; they come back after."""
    locks_remove(connection)
    try:
        yield
    finally:
        locks_install(connection)


def delete_all_log_rows() -> None:
    """Empty the log tables so a transactional test's flush succeeds on SQLite.

    SQLite flushes with DELETE, which the triggers refuse for signed rows and audit events;
    PostgreSQL truncates, which row triggers do not see. The triggers stay installed.
    """
    with locks_lifted():
        for model in (SignOff, Addendum, LogAuditEvent, AttendanceSignOff, GroupAttendance):
            model.objects.all().delete()
        ReflectiveLog.competencies.through.objects.all().delete()
        ReflectiveLog.objects.all().delete()
        SupervisionSession.objects.all().delete()
