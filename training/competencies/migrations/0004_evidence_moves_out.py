"""Training records and portfolios moved to their own apps (records, readiness)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('competencies', '0003_seed_endorsement_categories'),
        ('readiness', '0001_initial'),
        ('records', '0001_initial'),
    ]

    operations = [
        # Only the state: the tables now belong to records and readiness.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='trainingrecord',
                name='competencies',
            ),
            migrations.RemoveField(
                model_name='trainingrecord',
                name='trainee',
            ),
            migrations.RemoveField(
                model_name='trainingrecord',
                name='verified_by',
            ),
            migrations.DeleteModel(
                name='PortfolioExport',
            ),
            migrations.DeleteModel(
                name='TrainingRecord',
            ),
            ],
        ),
    ]
