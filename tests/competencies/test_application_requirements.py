"""What each seeded category asks beyond hours matches the published requirements, and the
engine reads it from the category's data (coordinators change rules by editing data)."""

from decimal import Decimal

import pytest

from tests.competencies.factories import category
from training.readiness.evidence import rules_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "level", "work_years", "families", "age", "instead"),
    [
        ("IFA", "associate", 0, 0, "0_3", 2),
        ("ECFA", "associate", 0, 0, "3_6", 2),
        ("IFS", "bachelor", 2, 10, "0_3", 0),
        ("ECFS", "bachelor", 2, 10, "3_6", 0),
        ("IECFRS", "", 2, 0, "", 0),
        ("IMHS", "master_or_higher", 2, 0, "0_3", 0),
        ("ECMHS", "master_or_higher", 2, 0, "3_6", 0),
        ("IMHM-C", "master_or_higher", 2, 0, "0_3", 0),
        ("IMHM-P", "master_or_higher", 0, 0, "", 0),
        ("ECMHM-RF", "master_or_higher", 0, 0, "", 0),
    ],
)
def test_each_category_asks_the_published_education_and_work(
    code, level, work_years, families, age, instead
):
    rules = rules_for(category(code))
    assert rules.education_level == level
    assert rules.work_years == Decimal(work_years)
    assert rules.work_min_families == families
    assert rules.work_age_group == age
    assert rules.paid_work_years_instead_of_degree == Decimal(instead)
    # Every category: three ratings, one from the current supervisor, one from an endorsed
    # (or vetted) rater; both agreements and membership.
    assert rules.references_needed == 3 and "current_supervisor" in rules.reference_roles
    assert category("IFS").pk in rules.endorsed_rater_category_ids
    assert category("IFA").pk not in rules.endorsed_rater_category_ids
    assert rules.agreement_kinds == {"code_of_ethics", "endorsement_agreement"}
    assert rules.membership_required


def test_rater_roles_leadership_and_the_exam_follow_the_category():
    ifs, mentor, policy, ifa = (rules_for(category(c)) for c in ("IFS", "IMHM-C", "IMHM-P", "IFA"))
    assert "rsc_provider" in ifs.reference_roles and "supervisee" not in ifs.reference_roles
    assert {"rsc_provider", "supervisee"} <= mentor.reference_roles
    assert mentor.rsc_providing_years == 3 and mentor.work_supervised
    assert policy.leadership_years == 3
    assert "rsc_provider" not in ifa.reference_roles  # IFA asks no RSC
    assert rules_for(category("IECFRS")).leadership_years == 1
    assert [
        c for c in ("IFA", "IFS", "IMHS", "IMHM-C") if rules_for(category(c)).exam_required
    ] == [
        "IMHS",
        "IMHM-C",
    ]


def test_a_coordinators_edit_changes_what_the_engine_asks():
    ifs = category("IFS")
    ifs.references_needed = 4
    ifs.membership_required = False
    ifs.save()
    rules = rules_for(category("IFS"))
    assert rules.references_needed == 4 and not rules.membership_required
