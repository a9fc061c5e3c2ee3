"""`migrate`, as the owner role when DATABASE_OWNER_URL is set; then the app role's grants."""

from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections

from training.core.dbroles import connected_as_owner, owner_url


class Command(MigrateCommand):
    def handle(self, *args, **options):
        database = options["database"]
        if not owner_url() or database != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        with connected_as_owner(database):
            super().handle(*args, **options)
        if connections[database].vendor == "postgresql":
            call_command("database_app_role", database=database, stdout=self.stdout)
