"""Old "vetted for any category" rows become vetting for each category that asks for RSC, and
the early-childhood qualifying categories are fixed, by migration (SQLite and PostgreSQL)."""

import datetime
from decimal import Decimal

from tests.migrating import migrate, state_before

BEFORE = [
    ("competencies", "0005_rsc_rules_vetting_emerging"),
    # Apps that came later and stand on the categories.
    ("applications", None),
    ("references", None),
    ("providers", None),
]


def test_vetted_rows_become_vetting_per_category_and_ec_providers_are_fixed(latest_migrations):
    old = state_before(latest_migrations, BEFORE)
    User = old.get_model("users", "User")
    Category = old.get_model("competencies", "EndorsementCategory")
    Qualification = old.get_model("competencies", "ProviderQualification")

    # Other transactional tests may have flushed the seeded categories: make what we need.
    def made(code, rsc, renewal_rsc=0):
        found, _ = Category.objects.update_or_create(
            code=code,
            defaults={
                "name": code,
                "rsc_hours": Decimal(rsc),
                "renewal_rsc_hours": Decimal(renewal_rsc),
            },
        )
        return found

    ifs, mentor, ifa = made("IFS", 24, 12), made("IMHM-C", 50, 12), made("IFA", 0)
    ecmhs, imhs, ec_mentor = made("ECMHS", 50, 12), made("IMHS", 50, 12), made("ECMHM-C", 50)
    ecmhs.qualifying_categories.set([ecmhs, ec_mentor])
    asking_rsc = set(Category.objects.filter(rsc_hours__gt=0).values_list("pk", flat=True)) | set(
        Category.objects.filter(renewal_rsc_hours__gt=0).values_list("pk", flat=True)
    )
    assert ifa.pk not in asking_rsc

    alone = User.objects.create(email="vetted@example.org", password="!")
    both = User.objects.create(email="held-and-vetted@example.org", password="!")
    until = datetime.date(2027, 3, 1)
    Qualification.objects.create(
        supervisor=alone, vetted_by_association=True, expires_on=until, note="panel 2025"
    )
    Qualification.objects.create(supervisor=both, category=ifs, vetted_by_association=True)

    new = migrate(latest_migrations).loader.project_state(latest_migrations).apps
    Qualification = new.get_model("competencies", "ProviderQualification")
    Category = new.get_model("competencies", "EndorsementCategory")
    rows = Qualification.objects.filter(supervisor_id=alone.pk)
    assert {r.category_id for r in rows} == asking_rsc
    assert all(r.vetted_by_association and r.expires_on == until for r in rows)
    assert {r.note for r in rows} == {"panel 2025"}
    held = Qualification.objects.get(supervisor_id=both.pk, vetted_by_association=False)
    assert held.category_id == ifs.pk
    vetted = Qualification.objects.filter(supervisor_id=both.pk, vetted_by_association=True)
    assert {r.category_id for r in vetted} == asking_rsc
    assert not Qualification.objects.filter(category__isnull=True).exists()
    fixed = Category.objects.get(pk=ecmhs.pk)
    assert {c.code for c in fixed.qualifying_categories.all()} == {
        "ECMHS",
        "ECMHM-C",
        "IMHS",
        "IMHM-C",
    }
    assert imhs.pk in {c.pk for c in fixed.qualifying_categories.all()}
    assert mentor.pk in {
        c.pk for c in Category.objects.get(pk=imhs.pk).renewal_provider_categories.all()
    }
