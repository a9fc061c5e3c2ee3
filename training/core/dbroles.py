"""Two PostgreSQL roles: an owner that migrates, and the application's role that owns nothing.

The application connects as DATABASE_URL's user. DATABASE_OWNER_URL (optional) names the role
that owns the tables: `migrate` and `database_app_role` connect as it instead. The app role may
SELECT, INSERT and UPDATE, DELETE only where the application deletes rows, and never TRUNCATE,
ALTER, DROP, create triggers or change `session_replication_role` (it owns nothing and is no
superuser). Append-only tables (sign-offs, audit events) get SELECT and INSERT only.
"""

from contextlib import contextmanager

import environ
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Rows the application only ever appends; the app role may read and insert them, nothing more.
APPEND_ONLY_MODELS = (
    "reflective_logs.SignOff",
    "reflective_logs.LogAuditEvent",
)
# Privacy audit events are not on the list: the daily retention purge deletes the ones older
# than ATTUNE_RETAIN_AUDIT_DAYS, and it runs as the application.
# Tables the application reads but never writes.
READ_ONLY_TABLES = ("django_migrations",)
CREDENTIALS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


def owner_url() -> str:
    return getattr(settings, "DATABASE_OWNER_URL", "") or ""


@contextmanager
def connected_as_owner(alias: str = DEFAULT_DB_ALIAS):
    """Reconnect `alias` with the owner's credentials for the block; yield the app's.

    Without DATABASE_OWNER_URL the connection is left as it is (single-role setups, tests).
    """
    connection = connections[alias]
    app = {key: connection.settings_dict.get(key) for key in CREDENTIALS}
    url = owner_url()
    if not url:
        yield app
        return
    owner = environ.Env.db_url_config(url)
    connection.close()
    # The same database (a test run renames it): only who connects changes.
    connection.settings_dict.update({key: owner.get(key, "") for key in CREDENTIALS[1:]})
    try:
        yield app
    finally:
        connection.close()
        connection.settings_dict.update(app)


def append_only_tables() -> set[str]:
    tables = set()
    for label in APPEND_ONLY_MODELS:
        try:
            tables.add(apps.get_model(label)._meta.db_table)
        except LookupError:
            continue
    return tables


def app_role_statements(connection, *, role: str, password: str | None) -> list[tuple[str, list]]:
    """The SQL that creates or updates `role` on `connection` (which is the owner's)."""
    quote = connection.ops.quote_name
    name = quote(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        exists = cursor.fetchone() is not None
        cursor.execute("SELECT current_database(), current_schema(), current_user")
        database, schema, owner = cursor.fetchone()
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
        tables = [row[0] for row in cursor.fetchall()]
        memberships, owns = [], 0
        if exists:
            cursor.execute(
                "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) "
                "+ (SELECT count(*) FROM pg_proc WHERE proowner = r.oid) "
                "+ (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) "
                "FROM pg_roles r WHERE r.rolname = %s",
                [role],
            )
            owns = cursor.fetchone()[0]
            cursor.execute(
                "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s",
                [role],
            )
            memberships = [row[0] for row in cursor.fetchall()]
    if role == owner:
        raise ValueError("The application's role must not be the owner that runs migrations.")
    attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT"
    statements: list[tuple[str, list]] = []
    verb = "ALTER" if exists else "CREATE"
    if password:
        statements.append((f"{verb} ROLE {name} {attributes} PASSWORD %s", [password]))
    else:
        statements.append((f"{verb} ROLE {name} {attributes}", []))
    if owns:
        # It owns nothing: whatever it created (an earlier single-role setup) goes to the owner.
        statements.append((f"REASSIGN OWNED BY {name} TO {quote(owner)}", []))
    statements += [(f"REVOKE {quote(group)} FROM {name}", []) for group in memberships]
    schema_name = quote(schema)
    statements += [
        (f"GRANT CONNECT ON DATABASE {quote(database)} TO {name}", []),
        (f"REVOKE ALL ON SCHEMA {schema_name} FROM {name}", []),
        (f"GRANT USAGE ON SCHEMA {schema_name} TO {name}", []),
        (f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema_name} FROM {name}", []),
        (f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema_name} FROM {name}", []),
        (f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema_name} TO {name}", []),
    ]
    append_only = append_only_tables()
    for table in tables:
        if table in READ_ONLY_TABLES:
            privileges = "SELECT"
        elif table in append_only:
            privileges = "SELECT, INSERT"
        else:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        statements.append((f"GRANT {privileges} ON {quote(table)} TO {name}", []))
    return statements


def app_role_apply(connection, *, role: str, password: str | None) -> int:
    """Create or update the role; returns how many tables it was granted."""
    statements = app_role_statements(connection, role=role, password=password)
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
    return sum(1 for sql, _ in statements if sql.startswith("GRANT SELECT"))
