"""Every qualification names its category (vetting is per category, see 0006), and an Emerging
status has a period and is not also vetting."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("competencies", "0006_vetting_per_category_and_rsc_seeds")]

    operations = [
        migrations.AlterField(
            model_name='providerqualification',
            name='category',
            field=models.ForeignKey(help_text='The endorsement the provider holds; when vetted, the category the association vetted them to provide RSC for; when Emerging, the category they are completing.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='competencies.endorsementcategory'),
        ),
        migrations.AddConstraint(
            model_name='providerqualification',
            constraint=models.CheckConstraint(condition=models.Q(('vetted_by_association', True), ('emerging', True), _negated=True), name='qualification_one_basis'),
        ),
        migrations.AddConstraint(
            model_name='providerqualification',
            constraint=models.CheckConstraint(condition=models.Q(('emerging', False), models.Q(('starts_on__isnull', False), ('expires_on__isnull', False)), _connector='OR'), name='emerging_has_a_period'),
        ),
    ]
