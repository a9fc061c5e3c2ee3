"""Test helpers around the lock triggers."""

from contextlib import contextmanager

from django.db import connection

from training.reflective_logs.locks import locks_install, locks_remove


@contextmanager
def locks_lifted():
    """Drop the lock triggers for a moment: to tamper on purpose, or to flush test tables."""
    locks_remove(connection)
    try:
        yield
    finally:
        locks_install(connection)
