"""Database triggers that keep an attested or verified earlier-RSC record as it was vouched for.

Services refuse these changes first; the triggers are the backstop for `save()`,
`QuerySet.update()`, the admin and raw SQL, as in reflective_logs/locks.py. SQLite's REPLACE
deletes the row it collides with without firing delete triggers, so an insert over a locked id
is refused too. A migration that remakes this table on SQLite must call `locks_install` again.
"""

TABLE = "earlier_rsc_earlierrsc"
LOCKED = "('attested', 'verified')"
MESSAGE = "an attested or verified earlier RSC record cannot change"

# (trigger name, event, condition)
TRIGGERS = (
    ("attune_earlier_rsc_locked_update", "UPDATE", f"OLD.state IN {LOCKED}"),
    ("attune_earlier_rsc_locked_delete", "DELETE", f"OLD.state IN {LOCKED}"),
    (
        "attune_earlier_rsc_locked_replace",
        "INSERT",
        f"EXISTS (SELECT 1 FROM {TABLE} AS other WHERE other.id = NEW.id "
        f"AND other.state IN {LOCKED})",
    ),
)


def trigger_names(vendor: str = "sqlite") -> set[str]:
    """The triggers installed on `vendor` (PostgreSQL needs no insert guard: see below)."""
    return {
        name
        for name, event, _condition in TRIGGERS
        if not (vendor == "postgresql" and event == "INSERT")
    }


def _create(vendor: str, name: str, event: str, condition: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {TABLE} FOR EACH ROW "
            f"WHEN {condition} BEGIN SELECT RAISE(ABORT, 'attune: {MESSAGE}'); END;"
        ]
    if vendor == "postgresql":
        returned = "OLD" if event == "DELETE" else "NEW"
        return [
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {condition} THEN
        RAISE EXCEPTION 'attune: {MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN {returned};
END $$;""",
            f"DROP TRIGGER IF EXISTS {name} ON {TABLE};",
            f"CREATE TRIGGER {name} BEFORE {event} ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}();",
        ]
    return []


def locks_install(connection) -> None:
    """Create (or re-create) the triggers."""
    with connection.cursor() as cursor:
        for name, event, condition in TRIGGERS:
            # PostgreSQL: a new row cannot collide with itself, the primary key already refuses.
            if connection.vendor == "postgresql" and event == "INSERT":
                continue
            for statement in _create(connection.vendor, name, event, condition):
                cursor.execute(statement)


def locks_remove(connection) -> None:
    """Drop the triggers; for reversing the migration and emptying test data."""
    with connection.cursor() as cursor:
        for name, _event, _condition in TRIGGERS:
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name};")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE};")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}();")
