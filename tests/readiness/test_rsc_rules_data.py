"""Issue 15's RSC rules with the database: the seeded qualifying categories, and the loader and
rule builders that turn the registry, degrees and supervision into the engine's inputs."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from tests.competencies.factories import ProviderQualificationFactory, category
from tests.factories import ProfileFactory, SupervisionAssignmentFactory, UserFactory
from training.readiness import evidence
from training.readiness.engine import COUNTED, PROVIDER_NOT_QUALIFIED, RSC_TRAINING_HOURS
from training.readiness.selectors import readiness_for
from training.reflective_logs.selectors import RscRow
from training.users.enums import Degree

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 30)

# Who may provide RSC that counts, per category, after the fix (both tracks).
PUBLISHED = {
    # Early childhood: either track, the same level or higher.
    "ECMHS": {"IMHS", "ECMHS", "IMHM-C", "ECMHM-C"},
    "ECFS": {"IECFRS", "IMHS", "ECMHS", "IMHM-C", "ECMHM-C"},
    "ECMHM-C": {"IMHM-C", "ECMHM-C"},
    # Infant track, as published: IMHS from IMHS or IMHM-C; IMHM-C only from IMHM-C; IFS from
    # I/ECFRS and above (an IFS only through the degree rule).
    "IFS": {"IECFRS", "IMHS", "IMHM-C"},
    "IMHS": {"IMHS", "IMHM-C"},
    "IMHM-C": {"IMHM-C"},
}


@pytest.mark.parametrize("code", sorted(PUBLISHED))
def test_each_category_accepts_the_published_provider_categories(code):
    target = category(code)
    assert {c.code for c in target.qualifying_categories.all()} == PUBLISHED[code]
    for held in ("IFS", "IECFRS", "IMHS", "ECMHS", "IMHM-C", "ECMHM-C"):
        provider = ProviderQualificationFactory(category=category(held)).supervisor
        qualifies = evidence.provider_qualifies(provider, target, on=DAY)
        assert qualifies is (held in PUBLISHED[code]), (code, held)


def test_the_seeded_rule_data():
    assert category("IECFRS").offers_emerging_status
    assert not category("IFS").offers_emerging_status
    assert category("IFS").master_prepared_peers_qualify
    assert not category("ECFS").master_prepared_peers_qualify
    assert category("IMHM-C").renewal_rsc_ends_after_years == 3
    assert category("ECMHM-C").renewal_rsc_ends_after_years == 3
    assert category("IMHS").renewal_rsc_ends_after_years is None
    assert {c.code for c in category("IMHS").renewal_provider_categories.all()} == {"IMHM-C"}
    assert category("IFS").renewal_rsc_training_hours == 3


# --- the IFS degree rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    "degree, expected",
    [(Degree.BACHELOR, True), (Degree.MASTER_OR_HIGHER, False), ("", False)],
)
def test_rules_for_ifs_read_the_applicants_degree(degree, expected):
    ifs = category("IFS")
    rules = evidence.rules_for(ifs, degree=degree)
    assert (rules.master_prepared_category_ids == {ifs.pk}) is expected
    assert rules.vetted_category_ids == {ifs.pk}
    # Other categories never get the rule.
    assert not evidence.rules_for(category("IMHS"), degree=degree).master_prepared_category_ids


def _ifs_provider(degree):
    provider = UserFactory(supervisor=True)
    ProfileFactory(user=provider, degree=degree)
    ProviderQualificationFactory(supervisor=provider, category=category("IFS"))
    return provider


@pytest.mark.parametrize(
    "applicant_degree, provider_degree, counts",
    [
        (Degree.BACHELOR, Degree.MASTER_OR_HIGHER, True),
        (Degree.BACHELOR, Degree.BACHELOR, False),
        (Degree.MASTER_OR_HIGHER, Degree.MASTER_OR_HIGHER, False),
        ("", Degree.MASTER_OR_HIGHER, False),
    ],
)
def test_a_masters_prepared_ifs_counts_for_a_bachelors_prepared_ifs_applicant(
    fake_logs, applicant_degree, provider_degree, counts
):
    trainee = UserFactory(trainee=True)
    ProfileFactory(user=trainee, target_category=category("IFS"), degree=applicant_degree)
    provider = _ifs_provider(provider_degree)
    fake_logs.append(RscRow(1, DAY, 60, provider.pk, "x", True, False, False, DAY, "ab", ()))
    loaded = evidence.evidence_for([trainee.pk], DAY)[trainee.pk]
    assert loaded.degree == applicant_degree
    (period,) = loaded.qualifications[provider.pk]
    assert period.master_prepared is (provider_degree == Degree.MASTER_OR_HIGHER)
    report = readiness_for(trainee=trainee, as_of=DAY).report
    assert report.outcome("rsc", 1).reason == (COUNTED if counts else PROVIDER_NOT_QUALIFIED)
    # The pairing check asks the same rule.
    assert evidence.provider_qualifies(provider, category("IFS"), on=DAY, applicant=trainee) is (
        counts
    )


# --- vetting and the Emerging status through the loader -------------------------------------


def test_the_loader_passes_each_qualifications_kind_and_vetted_category(fake_logs):
    trainee = UserFactory(trainee=True)
    ProfileFactory(user=trainee, target_category=category("ECFS"))
    vetted = ProviderQualificationFactory(category=category("ECFS"), vetted_by_association=True)
    emerging = ProviderQualificationFactory(
        category=category("IECFRS"),
        emerging=True,
        starts_on=DAY - datetime.timedelta(days=30),
        expires_on=DAY - datetime.timedelta(days=1),
    )
    vetted_other = ProviderQualificationFactory(
        category=category("IMHM-C"), vetted_by_association=True
    )
    rows = [
        (1, vetted.supervisor, DAY),
        (2, emerging.supervisor, DAY - datetime.timedelta(days=10)),  # inside the status
        (3, emerging.supervisor, DAY),  # the day after it ended
        (4, vetted_other.supervisor, DAY),  # vetted, but for IMHM-C
    ]
    for log_id, provider, held_on in rows:
        fake_logs.append(
            RscRow(log_id, held_on, 60, provider.pk, "x", True, False, False, held_on, "ab", ())
        )
    loaded = evidence.evidence_for([trainee.pk], DAY)[trainee.pk]
    (period,) = loaded.qualifications[emerging.supervisor.pk]
    assert (period.emerging, period.category_id) == (True, category("IECFRS").pk)
    (period,) = loaded.qualifications[vetted.supervisor.pk]
    assert (period.vetted, period.category_id) == (True, category("ECFS").pk)
    report = readiness_for(trainee=trainee, as_of=DAY).report
    assert [report.outcome("rsc", i).reason for i in (1, 2, 3, 4)] == [
        COUNTED,
        COUNTED,
        PROVIDER_NOT_QUALIFIED,
        PROVIDER_NOT_QUALIFIED,
    ]


# --- renewal rules from the data ------------------------------------------------------------


@pytest.mark.parametrize(
    "years_ago, rsc_hours",
    [(1, Decimal(12)), (3, Decimal(12)), (4, Decimal(0)), (10, Decimal(0))],
)
def test_mentor_clinical_renewal_stops_asking_for_rsc_after_three_years(years_ago, rsc_hours):
    endorsed_on = DAY - relativedelta(years=years_ago)
    for code in ("IMHM-C", "ECMHM-C"):
        rules = evidence.renewal_rules_for(category(code), endorsed_on=endorsed_on, as_of=DAY)
        assert rules.rsc_hours == rsc_hours, code
    # IMHS has no limit.
    imhs = evidence.renewal_rules_for(category("IMHS"), endorsed_on=endorsed_on, as_of=DAY)
    assert imhs.rsc_hours == 12


def test_an_endorsee_who_provides_rsc_renews_with_rsc_training_and_imhm_c_rsc():
    imhs = category("IMHS")
    endorsed_on = DAY - relativedelta(years=2)
    plain = evidence.renewal_rules_for(imhs, endorsed_on=endorsed_on, as_of=DAY)
    assert plain.rsc_training_hours == 0
    assert plain.qualifying_category_ids == {imhs.pk, category("IMHM-C").pk}
    assert plain.vetted_category_ids == {imhs.pk}
    providing = evidence.renewal_rules_for(
        imhs, endorsed_on=endorsed_on, as_of=DAY, provides_rsc=True
    )
    assert providing.rsc_training_hours == 3
    assert providing.qualifying_category_ids == {category("IMHM-C").pk}
    assert providing.vetted_category_ids == {category("IMHM-C").pk}
    # A category without renewal providers keeps its qualifying ones when providing.
    ifs = evidence.renewal_rules_for(
        category("IFS"), endorsed_on=endorsed_on, as_of=DAY, provides_rsc=True
    )
    assert ifs.qualifying_category_ids == {
        c.pk for c in category("IFS").qualifying_categories.all()
    }
    assert ifs.rsc_training_hours == 3


def _endorsee():
    person = UserFactory(trainee=True, supervisor=True)
    ProfileFactory(
        user=person, endorsement_held=category("IMHS"), endorsed_on=DAY - relativedelta(years=2)
    )
    return person


def test_who_provides_rsc_is_read_from_the_registry_and_supervision():
    registered, supervising, neither, lapsed = (_endorsee() for _ in range(4))
    ProviderQualificationFactory(supervisor=registered, category=category("IMHS"))
    SupervisionAssignmentFactory(supervisor=supervising, starts_on=DAY - relativedelta(months=3))
    ProviderQualificationFactory(
        supervisor=lapsed, category=category("IMHS"), expires_on=DAY - relativedelta(years=1)
    )
    loaded = evidence.evidence_for([p.pk for p in (registered, supervising, neither, lapsed)], DAY)
    assert [loaded[p.pk].provides_rsc for p in (registered, supervising, neither, lapsed)] == [
        True,
        True,
        False,
        False,
    ]
    renewal = readiness_for(trainee=supervising, as_of=DAY).renewal
    assert renewal.result(RSC_TRAINING_HOURS).needed == 3
    assert readiness_for(trainee=neither, as_of=DAY).renewal.result(RSC_TRAINING_HOURS) is None


def test_an_imhs_who_provides_rsc_has_imhs_rsc_refused_for_renewal(fake_logs):
    person = _endorsee()
    ProviderQualificationFactory(supervisor=person, category=category("IMHS"))
    imhs_provider = ProviderQualificationFactory(category=category("IMHS")).supervisor
    mentor = ProviderQualificationFactory(category=category("IMHM-C")).supervisor
    for log_id, provider in ((1, imhs_provider), (2, mentor)):
        fake_logs.append(RscRow(log_id, DAY, 60, provider.pk, "x", True, False, False, DAY, "", ()))
    renewal = readiness_for(trainee=person, as_of=DAY).renewal
    assert renewal.outcome("rsc", 1).reason == PROVIDER_NOT_QUALIFIED
    assert renewal.outcome("rsc", 2).reason == COUNTED
