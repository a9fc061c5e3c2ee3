"""Database triggers that make signed records immutable, whatever path a change takes.

Services refuse these changes first; the triggers are the backstop for ORM `save()`,
`QuerySet.update()`, `bulk_update()`, the admin and raw SQL. They are installed by migrations
(each lock names the migration that first installs it). SQLite drops a table's triggers when a
migration remakes the table: a migration that alters these tables must call `locks_install`
again (tests/reflective_logs/test_lock.py checks they are all present).

Besides the row locks:
- a log enters `signed_off` only when its sign-off row (same version) already exists, and a
  sign-off is written only for a submitted log, as the next link of the ledger's chain;
- SQLite's `INSERT OR REPLACE` / `REPLACE INTO` / `UPDATE OR REPLACE` delete the row they
  collide with without firing delete triggers (unless recursive_triggers is on), so a guard
  refuses any insert or update that would replace a locked row;
- on PostgreSQL, `TRUNCATE` (which row triggers never see) is refused while there is anything
  signed to lose.
"""

from dataclasses import dataclass

LOG = "reflective_logs_reflectivelog"
SIGN_OFF = "reflective_logs_signoff"
SIGNED = "'signed_off'"
SESSION = "reflective_logs_supervisionsession"
ATTENDANCE = "reflective_logs_groupattendance"
ATTENDANCE_SIGN_OFF = "reflective_logs_attendancesignoff"
GENESIS = "0" * 64


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
    # The condition is about the row as written (NEW) on update too, not the row as it was.
    on_new_row: bool = False
    # Unique keys besides `id` that a SQLite REPLACE could collide with (see `replace_guards`).
    unique_keys: tuple[tuple[str, ...], ...] = ()
    vendors: tuple[str, ...] = ("sqlite", "postgresql")
    # The migration that first installs this lock; older migrations install only theirs.
    since: str = "0002"

    def condition_for(self, event: str) -> str:
        if event == "INSERT" or self.on_new_row:
            return self.condition.format(row="NEW")
        if event == "UPDATE" and self.check_new_on_update:
            return f"({self.condition.format(row='OLD')}) OR ({self.condition.format(row='NEW')})"
        return self.condition.format(row="OLD")


def _attendance_is_signed(column: str) -> str:
    return f"EXISTS (SELECT 1 FROM {ATTENDANCE_SIGN_OFF} WHERE session_id = {{row}}.{column})"


def _log_is_signed(column: str) -> str:
    return f"EXISTS (SELECT 1 FROM {LOG} WHERE id = {{row}}.{column} AND state = {SIGNED})"


LOCKS = (
    Lock(
        "attune_log_locked",
        LOG,
        ("UPDATE", "DELETE"),
        f"{{row}}.state = {SIGNED}",
        "a signed-off log cannot change",
        unique_keys=(("trainee_id", "session_id"),),
    ),
    Lock(
        "attune_log_tags_locked",
        f"{LOG}_competencies",
        ("INSERT", "UPDATE", "DELETE"),
        _log_is_signed("reflectivelog_id"),
        "the competencies of a signed-off log cannot change",
        check_new_on_update=True,
        unique_keys=(("reflectivelog_id", "competency_id"),),
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
        SIGN_OFF,
        ("UPDATE", "DELETE"),
        "1 = 1",
        "a sign-off cannot change",
        unique_keys=(("log_id",), ("position",)),
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
    # 0003: sign-off first, then the state; the chain; no REPLACE; no TRUNCATE.
    Lock(
        "attune_log_needs_signoff",
        LOG,
        ("INSERT", "UPDATE"),
        f"{{row}}.state = {SIGNED} AND NOT EXISTS (SELECT 1 FROM {SIGN_OFF} "
        "WHERE log_id = {row}.id AND version = {row}.version)",
        "a log is signed off only with its sign-off",
        on_new_row=True,
        since="0003",
    ),
    Lock(
        "attune_signoff_needs_submitted_log",
        SIGN_OFF,
        ("INSERT",),
        f"NOT EXISTS (SELECT 1 FROM {LOG} WHERE id = {{row}}.log_id "
        "AND state = 'submitted' AND version = {row}.version)",
        "only a submitted log is signed, at its current version",
        since="0003",
    ),
    Lock(
        "attune_signoff_chain",
        SIGN_OFF,
        ("INSERT",),
        f"{{row}}.position <> (SELECT COALESCE(MAX(position), 0) + 1 FROM {SIGN_OFF}) "
        f"OR {{row}}.previous_hash <> COALESCE((SELECT chain_hash FROM {SIGN_OFF} "
        f"ORDER BY position DESC LIMIT 1), '{GENESIS}')",
        "a sign-off is appended to the head of the chain",
        since="0003",
    ),
    # 0005: a group session's attendance, once its facilitator signed it.
    Lock(
        "attune_attendance_locked",
        ATTENDANCE,
        ("INSERT", "UPDATE", "DELETE"),
        _attendance_is_signed("session_id"),
        "signed attendance cannot change",
        check_new_on_update=True,
        unique_keys=(("session_id", "trainee_id"),),
        since="0005",
    ),
    Lock(
        "attune_attendance_signoff_locked",
        ATTENDANCE_SIGN_OFF,
        ("UPDATE", "DELETE"),
        "1 = 1",
        "an attendance sign-off cannot change",
        unique_keys=(("session_id",),),
        since="0005",
    ),
    Lock(
        "attune_session_attendance_locked",
        SESSION,
        ("UPDATE", "DELETE"),
        _attendance_is_signed("id"),
        "a session with signed attendance cannot change",
        since="0005",
    ),
    Lock(
        "attune_attendees_locked",
        f"{SESSION}_attendees",
        ("INSERT", "UPDATE", "DELETE"),
        _attendance_is_signed("supervisionsession_id"),
        "the attendees of a session with signed attendance cannot change",
        check_new_on_update=True,
        unique_keys=(("supervisionsession_id", "user_id"),),
        since="0005",
    ),
)

# Tables whose signed rows PostgreSQL's TRUNCATE must not empty, when they hold any, and the
# migration that first installs the guard.
TRUNCATE_LOCKS = (
    (LOG, f"EXISTS (SELECT 1 FROM {LOG} WHERE state = {SIGNED})", "0003"),
    (SIGN_OFF, f"EXISTS (SELECT 1 FROM {SIGN_OFF})", "0003"),
    (
        "reflective_logs_logauditevent",
        "EXISTS (SELECT 1 FROM reflective_logs_logauditevent)",
        "0003",
    ),
    (
        "reflective_logs_addendum",
        "EXISTS (SELECT 1 FROM reflective_logs_addendum WHERE signed_at IS NOT NULL)",
        "0003",
    ),
    (ATTENDANCE_SIGN_OFF, f"EXISTS (SELECT 1 FROM {ATTENDANCE_SIGN_OFF})", "0005"),
    (
        ATTENDANCE,
        f"EXISTS (SELECT 1 FROM {ATTENDANCE} AS a WHERE "
        f"EXISTS (SELECT 1 FROM {ATTENDANCE_SIGN_OFF} WHERE session_id = a.session_id))",
        "0005",
    ),
)


def _trigger_name(lock: Lock, event: str) -> str:
    return f"{lock.name}_{event.lower()}"


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    event: str
    condition: str
    message: str
    since: str
    vendors: tuple[str, ...]
    returned: str = "NEW"
    statement_level: bool = False


def _replace_guard(lock: Lock, event: str) -> str:
    """A row this INSERT/UPDATE would collide with (and SQLite's REPLACE delete) is locked."""
    keys = ["other.id = NEW.id"] + [
        "(" + " AND ".join(f"other.{column} = NEW.{column}" for column in key) + ")"
        for key in lock.unique_keys
    ]
    not_itself = " AND other.id <> OLD.id" if event == "UPDATE" else ""
    return (
        f"EXISTS (SELECT 1 FROM {lock.table} AS other WHERE ({' OR '.join(keys)}){not_itself} "
        f"AND ({lock.condition.format(row='other')}))"
    )


def triggers() -> list[Trigger]:
    """Every trigger, for every vendor, in the order they are created."""
    made = []
    for lock in LOCKS:
        for event in lock.events:
            made.append(
                Trigger(
                    _trigger_name(lock, event),
                    lock.table,
                    event,
                    lock.condition_for(event),
                    lock.message,
                    lock.since,
                    lock.vendors,
                    returned="OLD" if event == "DELETE" else "NEW",
                )
            )
    for lock in LOCKS:
        if "DELETE" not in lock.events:
            continue
        for event in ("INSERT", "UPDATE"):
            made.append(
                Trigger(
                    f"{lock.name}_replace_{event.lower()}",
                    lock.table,
                    event,
                    _replace_guard(lock, event),
                    lock.message + " (no REPLACE over it)",
                    max(lock.since, "0003"),
                    ("sqlite",),
                )
            )
    for table, condition, since in TRUNCATE_LOCKS:
        made.append(
            Trigger(
                f"attune_truncate_locked_{table.removeprefix('reflective_logs_')}",
                table,
                "TRUNCATE",
                condition,
                "signed records cannot be truncated",
                since,
                ("postgresql",),
                returned="NULL",
                statement_level=True,
            )
        )
    return made


def _sqlite_create(trigger: Trigger) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {trigger.name} BEFORE {trigger.event} "
        f"ON {trigger.table} FOR EACH ROW WHEN {trigger.condition} "
        f"BEGIN SELECT RAISE(ABORT, 'attune: {trigger.message}'); END;"
    )


def _postgres_create(trigger: Trigger) -> list[str]:
    name = trigger.name
    level = "STATEMENT" if trigger.statement_level else "ROW"
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {trigger.condition} THEN
        RAISE EXCEPTION 'attune: {trigger.message}'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN {trigger.returned};
END $$;""",
        f"DROP TRIGGER IF EXISTS {name} ON {trigger.table};",
        f"CREATE TRIGGER {name} BEFORE {trigger.event} ON {trigger.table} "
        f"FOR EACH {level} EXECUTE FUNCTION {name}();",
    ]


def _selected(vendor: str, through: str) -> list[Trigger]:
    return [t for t in triggers() if vendor in t.vendors and t.since <= through]


def trigger_names(vendor: str, through: str = "9999") -> set[str]:
    return {trigger.name for trigger in _selected(vendor, through)}


def create_statements(vendor: str, through: str = "9999") -> list[str]:
    statements: list[str] = []
    for trigger in _selected(vendor, through):
        if vendor == "sqlite":
            statements.append(_sqlite_create(trigger))
        elif vendor == "postgresql":
            statements.extend(_postgres_create(trigger))
    return statements


def drop_statements(vendor: str) -> list[str]:
    statements: list[str] = []
    for trigger in _selected(vendor, "9999"):
        if vendor == "sqlite":
            statements.append(f"DROP TRIGGER IF EXISTS {trigger.name};")
        elif vendor == "postgresql":
            statements.append(f"DROP TRIGGER IF EXISTS {trigger.name} ON {trigger.table};")
            statements.append(f"DROP FUNCTION IF EXISTS {trigger.name}();")
    return statements


def locks_install(connection, through: str = "9999") -> None:
    """Create (or re-create) the lock triggers up to migration `through` (default: all)."""
    with connection.cursor() as cursor:
        for statement in create_statements(connection.vendor, through):
            cursor.execute(statement)


def locks_remove(connection) -> None:
    """Drop every lock trigger; for reversing the migration and tearing down test data."""
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)
