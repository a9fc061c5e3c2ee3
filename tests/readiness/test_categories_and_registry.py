import datetime
import importlib
import sys
from decimal import Decimal

import pytest

from tests.competencies.factories import ProviderQualificationFactory, category
from tests.factories import ProfileFactory, UserFactory
from training.competencies.models import EndorsementCategory
from training.readiness import engine, evidence, selectors
from training.readiness.engine import COUNTED, PROVIDER_NOT_QUALIFIED, RSC_HOURS, RSC_PROVIDERS
from training.reflective_logs.selectors import RscRow

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 30)


def test_both_tracks_are_seeded_from_the_design_table():
    codes = set(EndorsementCategory.objects.values_list("code", flat=True))
    assert {"IFA", "IFS", "IECFRS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-RF"} <= codes
    assert {"ECFA", "ECFS", "ECMHS", "ECMHM-C", "ECMHM-P", "ECMHM-RF"} <= codes
    mentor = category("IMHM-C")
    assert (mentor.training_hours, mentor.dei_hours, mentor.rsc_training_hours) == (48, 3, 15)
    assert (mentor.rsc_hours, mentor.rsc_about_providing_hours, mentor.exam_required) == (
        50,
        25,
        True,
    )
    assert category("IFA").rsc_hours == 0
    assert category("IMHM-P").training_hours == 33
    assert {c.code for c in category("IMHS").qualifying_categories.all()} == {"IMHS", "IMHM-C"}
    assert category("IFS").renewal_rsc_hours == 12
    assert category("IECFRS").renewal_rsc_hours == 0


def test_rules_for_reads_the_category():
    rules = evidence.rules_for(category("IMHS"))
    assert rules.code == "IMHS"
    assert rules.training_hours == Decimal(30)
    assert rules.rsc_hours == Decimal(50)
    assert rules.rsc_window_months == 24
    assert rules.qualifying_category_ids == {category("IMHS").pk, category("IMHM-C").pk}


def test_a_provider_with_a_qualifying_category_qualifies_until_expiry():
    q = ProviderQualificationFactory(category=category("IMHS"), expires_on=DAY)
    assert evidence.provider_qualifies(q.supervisor, category("IMHS"), on=DAY)
    assert not evidence.provider_qualifies(
        q.supervisor, category("IMHS"), on=DAY + datetime.timedelta(days=1)
    )
    # IMHS does not qualify someone to supervise a mentor applicant.
    assert not evidence.provider_qualifies(q.supervisor, category("IMHM-C"), on=DAY)


def test_a_vetted_provider_qualifies_only_for_the_category_vetted_for():
    q = ProviderQualificationFactory(category=category("IFS"), vetted_by_association=True)
    assert evidence.provider_qualifies(q.supervisor, category("IFS"), on=DAY)
    # Vetted for IFS is not vetted for IMHM-C, nor does it act as holding IFS.
    assert not evidence.provider_qualifies(q.supervisor, category("IMHM-C"), on=DAY)
    assert not evidence.provider_qualifies(q.supervisor, category("ECFS"), on=DAY)


def test_someone_not_in_the_registry_does_not_qualify():
    assert not evidence.provider_qualifies(UserFactory(supervisor=True), category("IFS"), on=DAY)


def test_the_adapter_maps_signed_rsc_and_checks_each_provider_on_the_day(fake_logs):
    trainee = UserFactory(trainee=True)
    ProfileFactory(user=trainee, target_category=category("IMHS"))
    good = ProviderQualificationFactory(category=category("IMHM-C"), expires_on=DAY)
    unqualified = UserFactory(supervisor=True)
    for i, (provider, held_on) in enumerate(
        [(good.supervisor, DAY), (good.supervisor, DAY + datetime.timedelta(1)), (unqualified, DAY)]
    ):
        fake_logs.append(
            RscRow(i, held_on, 60, provider.pk, "x", True, False, False, held_on, "ab", ())
        )
    loaded = evidence.evidence_for([trainee.pk], DAY)[trainee.pk]
    items = loaded.rsc_items()
    assert [i.provider for i in items] == [str(good.supervisor.pk)] * 2 + [str(unqualified.pk)]
    assert [i.source_id for i in items] == [0, 1, 2]
    report = selectors.readiness_for(trainee=trainee, as_of=DAY + datetime.timedelta(1)).report
    # The engine decides qualification on each day from the periods the loader passed in.
    assert [report.outcome("rsc", i).reason for i in (0, 1, 2)] == [
        COUNTED,
        PROVIDER_NOT_QUALIFIED,
        PROVIDER_NOT_QUALIFIED,
    ]
    assert report.result(RSC_HOURS).have == Decimal("1.00")
    assert report.result(RSC_PROVIDERS).have == Decimal("100.00")


def test_a_broken_logs_app_is_an_error_never_zero_rsc_hours(monkeypatch):
    monkeypatch.setitem(sys.modules, "training.reflective_logs.selectors", None)
    with pytest.raises(ImportError):
        importlib.reload(evidence)


def test_renewal_is_due_on_the_next_anniversary():
    assert engine.renewal_due_on(datetime.date(2024, 2, 29), DAY) == datetime.date(2027, 2, 28)
    assert engine.renewal_due_on(datetime.date(2025, 6, 30), DAY) == DAY
    assert engine.renewal_due_on(datetime.date(2025, 7, 1), DAY) == datetime.date(2026, 7, 1)
    assert engine.renewal_due_on(None, DAY) is None
