"""Profile's target and held endorsements point at EndorsementCategory rows instead of codes."""

import django.db.models.deletion
from django.db import migrations, models


def codes_to_categories(apps, schema_editor):
    Profile = apps.get_model("users", "Profile")
    Category = apps.get_model("competencies", "EndorsementCategory")
    by_code = {c.code: c for c in Category.objects.all()}
    for profile in Profile.objects.exclude(target_code="", held_code=""):
        profile.target_category = by_code.get(profile.target_code)
        profile.endorsement_held = by_code.get(profile.held_code)
        profile.save(update_fields=["target_category", "endorsement_held"])


def categories_to_codes(apps, schema_editor):
    Profile = apps.get_model("users", "Profile")
    for profile in Profile.objects.select_related("target_category", "endorsement_held"):
        profile.target_code = profile.target_category.code if profile.target_category else ""
        profile.held_code = profile.endorsement_held.code if profile.endorsement_held else ""
        profile.save(update_fields=["target_code", "held_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
        ("competencies", "0003_seed_endorsement_categories"),
    ]

    operations = [
        migrations.RenameField("profile", "target_category", "target_code"),
        migrations.RenameField("profile", "endorsement_held", "held_code"),
        migrations.AddField(
            model_name="profile",
            name="target_category",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="competencies.endorsementcategory",
                verbose_name="target endorsement",
            ),
        ),
        migrations.AddField(
            model_name="profile",
            name="endorsement_held",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="competencies.endorsementcategory",
            ),
        ),
        migrations.AddField(
            model_name="profile",
            name="endorsed_on",
            field=models.DateField(
                blank=True,
                help_text="When the endorsement held was granted.",
                null=True,
                verbose_name="endorsed on",
            ),
        ),
        migrations.RunPython(codes_to_categories, categories_to_codes),
        migrations.RemoveField("profile", "target_code"),
        migrations.RemoveField("profile", "held_code"),
    ]
