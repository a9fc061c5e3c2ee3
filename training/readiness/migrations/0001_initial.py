"""PortfolioExport moves here from competencies without losing a row."""

import django.db.models.deletion
import training.core.files
from django.conf import settings
from django.db import migrations, models


def _move_content_type(model: str, old: str, new: str):
    """Keep the content type row (and the permissions and audit entries that point at it)."""

    def move(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects
        if not content_types.filter(app_label=new, model=model).exists():
            content_types.filter(app_label=old, model=model).update(app_label=new)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('competencies', '0003_seed_endorsement_categories'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The table stays where it is while the model moves, then takes this app's name.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='PortfolioExport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('pending', 'Being prepared'), ('ready', 'Ready to download'), ('failed', 'Could not be made')], default='pending', max_length=10)),
                    ('file', models.FileField(blank=True, storage=training.core.files.private_storage, upload_to='portfolios/')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('finished_at', models.DateTimeField(blank=True, null=True)),
                    ('category', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='competencies.endorsementcategory')),
                    ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='portfolio_exports', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'competencies_portfolioexport',
                    'ordering': ['-created_at'],
                },
            ),
            ],
        ),
        migrations.AlterModelTable(name='portfolioexport', table=None),
        migrations.RunPython(
            _move_content_type('portfolioexport', 'competencies', 'readiness'),
            _move_content_type('portfolioexport', 'readiness', 'competencies'),
        ),
    ]
