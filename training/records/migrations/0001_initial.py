"""TrainingRecord moves here from competencies without losing a row."""

import django.core.validators
import django.db.models.deletion
import training.core.files
import training.records.models
from decimal import Decimal
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
                name='TrainingRecord',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=255)),
                    ('source', models.CharField(choices=[('course', 'Attune course'), ('external', 'External training')], max_length=10)),
                    ('source_key', models.CharField(blank=True, max_length=100)),
                    ('evidence_kind', models.CharField(choices=[('college', 'College course'), ('series', 'Intensive or series training'), ('short', 'Short training'), ('conference', 'Conference')], default='series', max_length=12)),
                    ('hours', models.DecimalField(decimal_places=2, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.25'))])),
                    ('completed_on', models.DateField()),
                    ('dei', models.BooleanField(default=False, verbose_name='about diversity, equity and inclusion')),
                    ('about_rsc', models.BooleanField(default=False, verbose_name='about providing reflective supervision')),
                    ('verified', models.BooleanField(default=False)),
                    ('verified_at', models.DateTimeField(blank=True, null=True)),
                    ('sponsor', models.CharField(blank=True, max_length=200)),
                    ('starts_on', models.DateField(blank=True, null=True)),
                    ('certificate', models.FileField(blank=True, max_length=200, storage=training.core.files.private_storage, upload_to=training.records.models.certificate_path)),
                    ('certificate_content_type', models.CharField(blank=True, max_length=50)),
                    ('rejected_at', models.DateTimeField(blank=True, null=True)),
                    ('rejected_reason', models.TextField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('competencies', models.ManyToManyField(blank=True, related_name='training_records', to='competencies.competency')),
                    ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_records', to=settings.AUTH_USER_MODEL)),
                    ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'competencies_trainingrecord',
                    'ordering': ['-completed_on', '-pk'],
                    'indexes': [models.Index(fields=['trainee', 'completed_on'], name='competencie_trainee_24c113_idx')],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('source_key', ''), _negated=True), fields=('trainee', 'source_key'), name='one_record_per_source')],
                },
            ),
            ],
        ),
        migrations.AlterModelTable(name='trainingrecord', table=None),
        migrations.RenameIndex(model_name='trainingrecord', new_name='records_trainee_completed', old_name='competencie_trainee_24c113_idx'),
        migrations.RunPython(
            _move_content_type('trainingrecord', 'competencies', 'records'),
            _move_content_type('trainingrecord', 'records', 'competencies'),
        ),
    ]
