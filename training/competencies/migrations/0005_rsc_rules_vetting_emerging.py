"""RSC rules as data: renewal RSC ending, RSC training for providers, renewal providers, the IFS
degree rule, the Emerging status; a qualification may be Emerging (schema only; 0006 seeds)."""

import django.db.models.deletion
from decimal import Decimal

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0004_evidence_moves_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='providerqualification',
            name='qualification_has_a_basis',
        ),
        migrations.AddField(
            model_name='endorsementcategory',
            name='master_prepared_peers_qualify',
            field=models.BooleanField(default=False, help_text="IFS: a provider holding this category counts for an applicant with a bachelor's degree when the provider has a master's or higher.", verbose_name="a master's-prepared holder may provide RSC to a bachelor's-prepared applicant"),
        ),
        migrations.AddField(
            model_name='endorsementcategory',
            name='offers_emerging_status',
            field=models.BooleanField(default=False, help_text='I/ECFRS: a person completing this category may provide counting RSC for a recorded period, as if they held it.', verbose_name='has an Emerging status'),
        ),
        migrations.AddField(
            model_name='endorsementcategory',
            name='renewal_provider_categories',
            field=models.ManyToManyField(blank=True, help_text='When the endorsee provides RSC, their renewal RSC must come from one of these instead of the qualifying categories (IMHS: IMHM-C). Empty: the qualifying ones.', related_name='+', to='competencies.endorsementcategory', verbose_name='renewal RSC providers when the endorsee provides RSC'),
        ),
        migrations.AddField(
            model_name='endorsementcategory',
            name='renewal_rsc_ends_after_years',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Renewal stops asking for RSC once the endorsement has been held this many years (Mentor-Clinical: 3). Empty: it never stops.', null=True, verbose_name='renewal RSC ends after (years)'),
        ),
        migrations.AddField(
            model_name='endorsementcategory',
            name='renewal_rsc_training_hours',
            field=models.DecimalField(decimal_places=2, default=Decimal('3'), help_text='Of the renewal training hours, how many must be about RSC when the endorsee provides RSC themselves.', max_digits=6, verbose_name='renewal training hours about RSC, for those who provide RSC'),
        ),
        migrations.AddField(
            model_name='providerqualification',
            name='emerging',
            field=models.BooleanField(default=False, help_text='Emerging status: provides counting RSC while completing the category above, from the start to the expiry (both needed).'),
        ),
        migrations.AlterField(
            model_name='endorsementcategory',
            name='qualifying_categories',
            field=models.ManyToManyField(blank=True, help_text='A provider endorsed in one of these may provide RSC that counts for this category (as may a provider the association vetted for this category).', related_name='+', to='competencies.endorsementcategory'),
        ),
        migrations.AlterField(
            model_name='providerqualification',
            name='vetted_by_association',
            field=models.BooleanField(default=False, help_text='The association vetted this provider to provide RSC for the category above only (not for the categories it qualifies).'),
        ),
    ]
