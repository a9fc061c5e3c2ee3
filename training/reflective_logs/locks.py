"""Database triggers that make signed records immutable, whatever path a change takes.

Services refuse these changes first; the triggers are the backstop for ORM `save()`,
`QuerySet.update()`, the admin and raw SQL. They are installed by a migration. SQLite drops a
table's triggers when a migration remakes the table: a migration that alters these tables must
call `locks_install` again (tests/reflective_logs/test_lock.py checks they are all present).
"""

from dataclasses import dataclass

LOG = "reflective_logs_reflectivelog"
SIGNED = "'signed_off'"


@dataclass(frozen=True)
class Lock:
    name: str
    table: str
    events: tuple[str, ...]
    # SQL condition; `{row}` becomes OLD (update, delete) or NEW (insert).
    condition: str
    message: str
    # For rows that point at a log: moving a row onto a signed log is refused too.
    check_new_on_update: bool = False

    def condition_for(self, event: str) -> str:
        if event == "INSERT":
            return self.condition.format(row="NEW")
        if event == "UPDATE" and self.check_new_on_update:
            return f"({self.condition.format(row='OLD')}) OR ({self.condition.format(row='NEW')})"
        return self.condition.format(row="OLD")


def _log_is_signed(column: str) -> str:
    return f"EXISTS (SELECT 1 FROM {LOG} WHERE id = {{row}}.{column} AND state = {SIGNED})"


LOCKS = (
    Lock(
        "attune_log_locked",
        LOG,
        ("UPDATE", "DELETE"),
        f"{{row}}.state = {SIGNED}",
        "a signed-off log cannot change",
    ),
    Lock(
        "attune_log_tags_locked",
        f"{LOG}_competencies",
        ("INSERT", "UPDATE", "DELETE"),
        _log_is_signed("reflectivelog_id"),
        "the competencies of a signed-off log cannot change",
        check_new_on_update=True,
    ),
    Lock(
        "attune_comment_locked",
        "reflective_logs_logcomment",
        ("INSERT", "UPDATE", "DELETE"),
        _log_is_signed("log_id"),
        "comments on a signed-off log cannot change",
        check_new_on_update=True,
    ),
    Lock(
        "attune_session_locked",
        "reflective_logs_supervisionsession",
        ("UPDATE", "DELETE"),
        f"EXISTS (SELECT 1 FROM {LOG} WHERE session_id = {{row}}.id AND state = {SIGNED})",
        "a session with a signed-off log cannot change",
    ),
    Lock(
        "attune_signoff_locked",
        "reflective_logs_signoff",
        ("UPDATE", "DELETE"),
        "1 = 1",
        "a sign-off cannot change",
    ),
    Lock(
        "attune_addendum_locked",
        "reflective_logs_addendum",
        ("UPDATE", "DELETE"),
        "{row}.signed_at IS NOT NULL",
        "a signed addendum cannot change",
    ),
    Lock(
        "attune_audit_locked",
        "reflective_logs_logauditevent",
        ("UPDATE", "DELETE"),
        "1 = 1",
        "audit events cannot change",
    ),
)


def _trigger_name(lock: Lock, event: str) -> str:
    return f"{lock.name}_{event.lower()}"


def _sqlite_create(lock: Lock, event: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {_trigger_name(lock, event)} BEFORE {event} "
        f"ON {lock.table} FOR EACH ROW WHEN {lock.condition_for(event)} "
        f"BEGIN SELECT RAISE(ABORT, 'attune: {lock.message}'); END;"
    )


def _postgres_create(lock: Lock, event: str) -> list[str]:
    name = _trigger_name(lock, event)
    returned = "OLD" if event == "DELETE" else "NEW"
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {lock.condition_for(event)} THEN
        RAISE EXCEPTION 'attune: {lock.message}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN {returned};
END $$;""",
        f"DROP TRIGGER IF EXISTS {name} ON {lock.table};",
        f"CREATE TRIGGER {name} BEFORE {event} ON {lock.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}();",
    ]


def create_statements(vendor: str) -> list[str]:
    statements: list[str] = []
    for lock in LOCKS:
        for event in lock.events:
            if vendor == "sqlite":
                statements.append(_sqlite_create(lock, event))
            elif vendor == "postgresql":
                statements.extend(_postgres_create(lock, event))
    return statements


def drop_statements(vendor: str) -> list[str]:
    statements: list[str] = []
    for lock in LOCKS:
        for event in lock.events:
            name = _trigger_name(lock, event)
            if vendor == "sqlite":
                statements.append(f"DROP TRIGGER IF EXISTS {name};")
            elif vendor == "postgresql":
                statements.append(f"DROP TRIGGER IF EXISTS {name} ON {lock.table};")
                statements.append(f"DROP FUNCTION IF EXISTS {name}();")
    return statements


def locks_install(connection) -> None:
    """Create (or re-create) every lock trigger on this connection's database."""
    with connection.cursor() as cursor:
        for statement in create_statements(connection.vendor):
            cursor.execute(statement)


def locks_remove(connection) -> None:
    """Drop every lock trigger; for reversing the migration and tearing down test data."""
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)
