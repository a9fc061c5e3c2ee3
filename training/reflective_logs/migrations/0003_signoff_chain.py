"""Sign-offs form a hash chain (ledger.py); the database refuses signing without a sign-off,
REPLACE over locked rows (SQLite) and TRUNCATE of signed records (PostgreSQL).

Existing sign-offs are chained in id order. The lock triggers are lifted while the columns are
added and filled (SQLite remakes the table, and sign-offs cannot be updated), then all of them,
old and new, are installed again.
"""

from django.db import migrations, models

from training.reflective_logs.ledger import chain_content, chain_link
from training.reflective_logs.locks import GENESIS, locks_install, locks_remove


def lift(apps, schema_editor):
    locks_remove(schema_editor.connection)


def install_0002(apps, schema_editor):
    locks_install(schema_editor.connection, through="0002")


def install_all(apps, schema_editor):
    locks_install(schema_editor.connection, through="0003")


def chain_existing(apps, schema_editor):
    SignOff = apps.get_model("reflective_logs", "SignOff")
    previous = GENESIS
    rows = SignOff.objects.using(schema_editor.connection.alias).select_related("log__session")
    for position, sign_off in enumerate(rows.order_by("pk"), start=1):
        sign_off.position = position
        sign_off.previous_hash = previous
        sign_off.chain_hash = chain_link(
            previous, chain_content(sign_off, minutes=sign_off.log.session.minutes)
        )
        SignOff.objects.using(schema_editor.connection.alias).filter(pk=sign_off.pk).update(
            position=position, previous_hash=previous, chain_hash=sign_off.chain_hash
        )
        previous = sign_off.chain_hash


class Migration(migrations.Migration):
    dependencies = [("reflective_logs", "0002_lock_triggers")]

    operations = [
        migrations.RunPython(lift, install_0002),
        migrations.AddField(
            model_name="signoff",
            name="position",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="signoff",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="signoff",
            name="chain_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="signoff",
            name="position",
            field=models.PositiveBigIntegerField(unique=True),
        ),
        migrations.RunPython(install_all, lift),
    ]
