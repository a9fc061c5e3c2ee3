from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from training.core.dbroles import app_role_apply, connected_as_owner


class Command(BaseCommand):
    """Create or update the PostgreSQL role the application connects as (see core/dbroles.py).

    Run as the owner (DATABASE_OWNER_URL, or DATABASE_URL if that is the owner), after every
    migrate: new tables are granted only when this runs (`migrate` runs it itself when
    DATABASE_OWNER_URL is set). The role and password default to DATABASE_URL's.
    """

    help = "Create/update the app's database role: no ownership, no TRUNCATE, no DELETE on logs."

    def add_arguments(self, parser):
        parser.add_argument("--role", help="role name (default: DATABASE_URL's user)")
        parser.add_argument("--password", help="its password (default: DATABASE_URL's)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role=None, password=None, database=DEFAULT_DB_ALIAS, **options):
        if connections[database].vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL feature; nothing to do here.")
        with connected_as_owner(database) as app:
            role = role or app["USER"]
            password = password if password is not None else app["PASSWORD"]
            if not role:
                raise CommandError("Name the role: --role, or a user in DATABASE_URL.")
            connection = connections[database]
            try:
                with transaction.atomic(using=database):
                    tables = app_role_apply(connection, role=role, password=password or None)
            except ValueError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Role {role} may use {tables} tables; owns none."))
