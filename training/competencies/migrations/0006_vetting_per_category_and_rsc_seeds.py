"""Fix the seeded RSC rules against the published requirements, and make vetting per category.

- Early-childhood categories accept providers endorsed on either track at the same or a higher
  level (the seed listed early-childhood providers only). Missing categories are added; a
  coordinator's own additions are kept.
- The new rule fields get their published values: I/ECFRS has an Emerging status, a
  master's-prepared IFS may provide RSC to a bachelor's-prepared IFS applicant, the
  Mentor-Clinical renewal RSC ends after three years, an IMHS who provides RSC renews with RSC
  from an IMHM-C.
- A row "vetted by the association" used to count for any category. Vetting now names one
  category, so each old vetted row becomes one vetted row for every category whose application
  or renewal asks for RSC (what it qualified before, no more), with the same dates and note. A
  vetted row that also named a held category stays as that held category, not vetted.
"""

from django.db import migrations
from django.db.models import Q

# category: providers' categories that must qualify for it (added to what is there).
QUALIFYING = {
    "ECMHS": ["IMHS", "ECMHS", "IMHM-C", "ECMHM-C"],
    "ECFS": ["IECFRS", "IMHS", "ECMHS", "IMHM-C", "ECMHM-C"],
    "ECMHM-C": ["IMHM-C", "ECMHM-C"],
}
# What 0003 seeded, so the reverse removes only what this migration added.
SEEDED_BEFORE = {
    "ECMHS": ["ECMHS", "ECMHM-C"],
    "ECFS": ["IECFRS", "ECMHS", "ECMHM-C"],
    "ECMHM-C": ["ECMHM-C"],
}
EMERGING = ["IECFRS"]
MASTER_PREPARED_PEERS = ["IFS"]
RENEWAL_RSC_ENDS_AFTER_YEARS = {"IMHM-C": 3, "ECMHM-C": 3}
RENEWAL_PROVIDERS = {"IMHS": ["IMHM-C"]}


def forward(apps, schema_editor):
    Category = apps.get_model("competencies", "EndorsementCategory")
    Qualification = apps.get_model("competencies", "ProviderQualification")
    by_code = {c.code: c for c in Category.objects.all()}

    def found(codes):
        return [by_code[code] for code in codes if code in by_code]

    for code, codes in QUALIFYING.items():
        if code in by_code:
            by_code[code].qualifying_categories.add(*found(codes))
    Category.objects.filter(code__in=EMERGING).update(offers_emerging_status=True)
    Category.objects.filter(code__in=MASTER_PREPARED_PEERS).update(
        master_prepared_peers_qualify=True
    )
    for code, years in RENEWAL_RSC_ENDS_AFTER_YEARS.items():
        Category.objects.filter(code=code).update(renewal_rsc_ends_after_years=years)
    for code, codes in RENEWAL_PROVIDERS.items():
        if code in by_code:
            by_code[code].renewal_provider_categories.add(*found(codes))

    asking_rsc = list(Category.objects.filter(Q(rsc_hours__gt=0) | Q(renewal_rsc_hours__gt=0)))
    for row in Qualification.objects.filter(vetted_by_association=True):
        Qualification.objects.bulk_create(
            Qualification(
                supervisor_id=row.supervisor_id,
                category=category,
                vetted_by_association=True,
                starts_on=row.starts_on,
                expires_on=row.expires_on,
                note=row.note,
            )
            for category in asking_rsc
        )
        if row.category_id is None:
            row.delete()
        else:
            row.vetted_by_association = False
            row.save(update_fields=["vetted_by_association"])


def backward(apps, schema_editor):
    Category = apps.get_model("competencies", "EndorsementCategory")
    by_code = {c.code: c for c in Category.objects.all()}
    for code, codes in QUALIFYING.items():
        if code in by_code:
            added = [by_code[c] for c in set(codes) - set(SEEDED_BEFORE[code]) if c in by_code]
            by_code[code].qualifying_categories.remove(*added)
    # Vetted rows stay one per category: under the old rule each still counts (for any).


class Migration(migrations.Migration):
    dependencies = [("competencies", "0005_rsc_rules_vetting_emerging")]

    operations = [migrations.RunPython(forward, backward)]
