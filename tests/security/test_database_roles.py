"""The application's PostgreSQL role owns nothing: it cannot truncate, alter, disable triggers,
switch replication mode, drop triggers or delete append-only rows (issue 13, finding 9)."""

import io

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.reflective_logs.factories import ReflectiveLogFactory
from training.core import dbroles
from training.privacy.models import PrivacyAuditEvent
from training.reflective_logs.models import LogAuditEvent, ReflectiveLog, SignOff

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are a PostgreSQL feature"
)

SIGN_OFF = SignOff._meta.db_table
LOG = ReflectiveLog._meta.db_table
AUDIT = LogAuditEvent._meta.db_table
PRIVACY_AUDIT = PrivacyAuditEvent._meta.db_table

REFUSED = {
    "truncate-sign-offs": f"TRUNCATE {SIGN_OFF} CASCADE",
    "truncate-audit-events": f"TRUNCATE {AUDIT}",
    "truncate-privacy-audit-events": f"TRUNCATE {PRIVACY_AUDIT}",
    "truncate-logs": f"TRUNCATE {LOG} CASCADE",
    "disable-all-triggers": f"ALTER TABLE {SIGN_OFF} DISABLE TRIGGER ALL",
    "disable-one-trigger": f"ALTER TABLE {LOG} DISABLE TRIGGER attune_log_locked_update",
    "disable-user-triggers": f"ALTER TABLE {AUDIT} DISABLE TRIGGER USER",
    "replication-role": "SET session_replication_role = replica",
    "replication-role-local": "SET LOCAL session_replication_role = replica",
    "delete-sign-offs": f"DELETE FROM {SIGN_OFF}",
    "delete-audit-events": f"DELETE FROM {AUDIT}",
    "update-sign-offs": f"UPDATE {SIGN_OFF} SET sha256 = 'x'",
    "update-audit-events": f"UPDATE {AUDIT} SET action = 'viewed'",
    "drop-trigger": f"DROP TRIGGER attune_signoff_locked_delete ON {SIGN_OFF}",
    "drop-trigger-function": "DROP FUNCTION attune_signoff_locked_delete() CASCADE",
    "replace-trigger-function": (
        "CREATE OR REPLACE FUNCTION attune_signoff_locked_delete() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$"
    ),
    "create-trigger": (
        f"CREATE TRIGGER x BEFORE DELETE ON {SIGN_OFF} "
        "FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()"
    ),
    "drop-table": f"DROP TABLE {SIGN_OFF} CASCADE",
    "alter-table": f"ALTER TABLE {SIGN_OFF} DROP COLUMN chain_hash",
    "rename-table": f"ALTER TABLE {SIGN_OFF} RENAME TO old_sign_offs",
    "write-migration-history": "DELETE FROM django_migrations",
    "become-superuser": "ALTER ROLE CURRENT_USER SUPERUSER",
    "create-role": "CREATE ROLE attune_accomplice",
}


@pytest.fixture
def app_role():
    """The app role, created by the command on the test database, dropped afterwards."""
    name = f"attune_app_{connection.settings_dict['NAME']}"[:63]
    call_command("database_app_role", role=name, password="app-secret", stdout=io.StringIO())
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {name}")
        cursor.execute(f"DROP ROLE {name}")


def connect_as(role: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        user=role,
        password="app-secret",
        autocommit=True,
    )


@pytest.fixture
def as_app(app_role):
    ReflectiveLogFactory(state="signed_off")
    with connect_as(app_role) as conn:
        yield conn


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sql", REFUSED.values(), ids=REFUSED.keys())
def test_the_app_role_cannot(as_app, sql):
    before = SignOff.objects.count(), LogAuditEvent.objects.count()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute(sql)
    assert (SignOff.objects.count(), LogAuditEvent.objects.count()) == before
    assert before[0] == 1


@pytest.mark.django_db(transaction=True)
def test_the_app_role_can_do_its_work(as_app):
    log = ReflectiveLogFactory()
    as_app.execute(f"UPDATE {LOG} SET use_of_self = 'edited' WHERE id = %s", [log.pk])
    as_app.execute("DELETE FROM django_session")
    assert as_app.execute(f"SELECT count(*) FROM {SIGN_OFF}").fetchone() == (1,)
    (event_id,) = as_app.execute(
        f"INSERT INTO {PRIVACY_AUDIT} (action, subject_ref, details, at) "
        "VALUES ('test', '', '{}', now()) RETURNING id"
    ).fetchone()
    # The retention purge deletes privacy audit events past their time, as the application.
    as_app.execute(f"DELETE FROM {PRIVACY_AUDIT} WHERE id = %s", [event_id])
    owned = as_app.execute(
        "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles "
        "WHERE rolname = current_user)"
    ).fetchone()
    assert owned == (0,)
    PrivacyAuditEvent.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_rerunning_the_command_takes_back_what_the_role_owned(app_role):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE attune_stray (id int)")
        cursor.execute(f"ALTER TABLE attune_stray OWNER TO {app_role}")
    call_command("database_app_role", role=app_role, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'attune_stray'")
        owner = cursor.fetchone()[0]
        cursor.execute("DROP TABLE attune_stray")
    assert owner != app_role


@pytest.mark.django_db
def test_the_owner_cannot_be_made_the_app_role():
    with pytest.raises(CommandError, match="must not be the owner"):
        call_command("database_app_role", role=connection.settings_dict["USER"])


@pytest.mark.django_db
def test_append_only_tables_are_the_signed_records():
    """Sign-offs and log audit events; privacy audit events are purged after their retention."""
    assert {SIGN_OFF, AUDIT} <= dbroles.append_only_tables()
    assert PRIVACY_AUDIT not in dbroles.append_only_tables()


@pytest.mark.django_db(transaction=True)
def test_migrate_runs_as_the_owner_then_grants_the_app_role(app_role, settings):
    """DATABASE_URL names the app role, DATABASE_OWNER_URL the owner: migrate connects as the
    owner, refreshes the app role's grants, and the app then connects as the app role."""
    params = connection.settings_dict
    owner = params["USER"]
    settings.DATABASE_OWNER_URL = f"postgres://{owner}@{params['HOST']}:{params['PORT']}/x"
    connection.close()
    params["USER"] = app_role
    try:
        out = io.StringIO()
        call_command("migrate", verbosity=0, stdout=out)
        assert f"Role {app_role} may use" in out.getvalue()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, has_table_privilege(%s, 'DELETE'), "
                "has_table_privilege(%s, 'INSERT')",
                [SIGN_OFF, SIGN_OFF],
            )
            assert cursor.fetchone() == (app_role, False, True)
    finally:
        connection.close()
        params["USER"] = owner
