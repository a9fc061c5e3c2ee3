"""Peer consultation is kept by the trainee, not sent for review: a "kept" state, and a session
without a supervisor.

SQLite remakes the session table to let its supervisor be empty, which drops the triggers on it:
the lock triggers are lifted first and all of them installed again after (as in 0003). Existing
logs are left as they are: signed ones are locked, and submitted peer logs stay with the
supervisor who already has them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from training.reflective_logs.locks import locks_install, locks_remove


def lift(apps, schema_editor):
    locks_remove(schema_editor.connection)


def install_all(apps, schema_editor):
    locks_install(schema_editor.connection, through="0003")


class Migration(migrations.Migration):
    dependencies = [
        ("reflective_logs", "0003_signoff_chain"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(lift, install_all),
        migrations.AlterField(
            model_name="logauditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("viewed", "Viewed"),
                    ("submitted", "Submitted"),
                    ("kept", "Kept (peer consultation)"),
                    ("commented", "Commented"),
                    ("returned", "Returned"),
                    ("signed_off", "Signed off"),
                    ("addendum_added", "Addendum added"),
                    ("addendum_signed", "Addendum signed"),
                    ("exported", "Exported"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="reflectivelog",
            name="state",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Waiting for review"),
                    ("returned", "Returned for changes"),
                    ("signed_off", "Signed off"),
                    ("kept", "Peer consultation — does not count toward RSC"),
                ],
                default="draft",
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="supervisionsession",
            name="provider",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="provided_sessions",
                to=settings.AUTH_USER_MODEL,
                verbose_name="supervisor",
            ),
        ),
        migrations.RunPython(install_all, lift),
    ]
