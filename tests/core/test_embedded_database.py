"""The embedded SQLite default holds up when a person's browser sends requests at once."""

import threading
import time

import environ
import pytest
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from training.settings import base

pytestmark = pytest.mark.skipif(
    base.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the embedded default is SQLite; DATABASE_URL points elsewhere",
)


def _connect(path, alias: str) -> DatabaseWrapper:
    """A connection to `path` configured exactly as the embedded default's."""
    settings = environ.Env().db_url_config(f"sqlite:///{path}")
    settings.update(
        OPTIONS=base.DATABASES["default"]["OPTIONS"],
        ATOMIC_REQUESTS=False,
        AUTOCOMMIT=True,
        CONN_MAX_AGE=0,
        CONN_HEALTH_CHECKS=False,
        TIME_ZONE=None,
        TEST={},
    )
    connections[alias] = DatabaseWrapper(settings, alias=alias)
    return connections[alias]


def test_a_request_that_reads_then_writes_waits_for_another_writer(tmp_path, django_db_blocker):
    """Two requests in transactions at once: the second waits its turn, nothing fails."""
    path = tmp_path / "embedded.sqlite3"
    errors: list[Exception] = []

    def second_request():
        second = _connect(path, "embedded-second")
        try:
            with transaction.atomic(using="embedded-second"), second.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM visits")  # a view reads first…
                cursor.execute("INSERT INTO visits VALUES (2)")  # …then writes
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(error)
        finally:
            second.close()
            del connections["embedded-second"]

    with django_db_blocker.unblock():  # its own database file, not the test database
        first = _connect(path, "embedded-first")
        with first.cursor() as cursor:
            cursor.execute("CREATE TABLE visits (n integer)")
        with transaction.atomic(using="embedded-first"), first.cursor() as cursor:
            cursor.execute("INSERT INTO visits VALUES (1)")
            thread = threading.Thread(target=second_request)
            thread.start()
            time.sleep(0.5)  # the second request is under way while the first holds the lock
        thread.join(timeout=30)

        assert errors == []
        with first.cursor() as cursor:
            cursor.execute("SELECT n FROM visits ORDER BY n")
            assert [row[0] for row in cursor.fetchall()] == [1, 2]
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"  # readers never wait for a writer
        first.close()
        del connections["embedded-first"]
