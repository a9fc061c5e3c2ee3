"""Signed records are immutable in the database itself (SQLite and PostgreSQL triggers)."""

from django.db import migrations

from training.reflective_logs.locks import locks_install, locks_remove


def install(apps, schema_editor):
    locks_install(schema_editor.connection, through="0002")


def remove(apps, schema_editor):
    locks_remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reflective_logs", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
