"""Issue 15's RSC rule fixes, each as an engine case: vetting per category, the Emerging status,
the IFS degree rule, and renewal (RSC ending for Mentor-Clinical, RSC training for providers,
IMHS providers renewing with IMHM-C RSC). The engine stays pure: every case is plain data."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from training.readiness.engine import (
    COUNTED,
    PROVIDER_NOT_QUALIFIED,
    RSC_HOURS,
    RSC_TRAINING_HOURS,
    TRAINING_HOURS,
    CategoryRules,
    QualificationPeriod,
    RscItem,
    TrainingItem,
    evaluate,
    period_qualifies,
    provides_rsc_in,
    renewal_rsc_ended,
)

AS_OF = date(2026, 6, 30)
HELD_ON = date(2026, 1, 15)
# Category ids, as the builder would pass them.
IFS, IECFRS, IMHS, IMHM_C, ECFS = 1, 2, 3, 4, 5


def reason(rules: CategoryRules, *periods: QualificationPeriod, held_on=HELD_ON) -> str:
    item = RscItem(minutes=60, held_on=held_on, provider="1", qualifications=periods, source_id=1)
    return evaluate(rules, [], [item], AS_OF).outcome("rsc", 1).reason


def rules(code="X", **kwargs) -> CategoryRules:
    return CategoryRules(code=code, rsc_hours=D(1), **kwargs)


# --- vetting is per category --------------------------------------------------------------

IFS_RULES = rules("IFS", qualifying_category_ids=frozenset({IECFRS, IMHS, IMHM_C}),
                  vetted_category_ids=frozenset({IFS}))  # fmt: skip
MENTOR_RULES = rules("IMHM-C", qualifying_category_ids=frozenset({IMHM_C}),
                     vetted_category_ids=frozenset({IMHM_C}))  # fmt: skip


def test_vetted_for_ifs_counts_for_ifs_and_not_for_imhm_c():
    vetted = QualificationPeriod(category_id=IFS, vetted=True)
    assert reason(IFS_RULES, vetted) == COUNTED
    assert reason(MENTOR_RULES, vetted) == PROVIDER_NOT_QUALIFIED


def test_vetting_for_a_category_is_not_holding_it():
    # Vetted for IMHM-C: counts for IMHM-C applicants, but does not stand in for an IMHM-C
    # endorsement on the categories IMHM-C qualifies (IFS lists IMHM-C).
    vetted = QualificationPeriod(category_id=IMHM_C, vetted=True)
    assert reason(MENTOR_RULES, vetted) == COUNTED
    assert reason(IFS_RULES, vetted) == PROVIDER_NOT_QUALIFIED


def test_vetting_lapses_on_its_expiry_and_never_counts_without_a_category():
    lapsing = QualificationPeriod(category_id=IFS, vetted=True, expires_on=HELD_ON)
    assert reason(IFS_RULES, lapsing) == COUNTED
    assert reason(IFS_RULES, lapsing, held_on=date(2026, 1, 16)) == PROVIDER_NOT_QUALIFIED
    assert reason(IFS_RULES, QualificationPeriod(vetted=True)) == PROVIDER_NOT_QUALIFIED
    assert not period_qualifies(IFS_RULES, QualificationPeriod(vetted=True))


# --- Emerging I/ECFRS ---------------------------------------------------------------------

EMERGING = QualificationPeriod(
    category_id=IECFRS, emerging=True, starts_on=date(2026, 1, 1), expires_on=date(2026, 3, 31)
)


@pytest.mark.parametrize(
    "held_on, expected",
    [
        (date(2025, 12, 31), PROVIDER_NOT_QUALIFIED),  # before the status began
        (date(2026, 1, 1), COUNTED),  # its first day
        (date(2026, 3, 31), COUNTED),  # its last day
        (date(2026, 4, 1), PROVIDER_NOT_QUALIFIED),  # after it ended
    ],
)
def test_an_emerging_provider_counts_only_inside_the_period(held_on, expected):
    assert reason(IFS_RULES, EMERGING, held_on=held_on) == expected


def test_emerging_counts_toward_what_i_ecfrs_qualifies_and_nothing_else():
    ecfs = rules("ECFS", qualifying_category_ids=frozenset({IECFRS, IMHS}))
    imhs = rules("IMHS", qualifying_category_ids=frozenset({IMHS, IMHM_C}))
    assert reason(ecfs, EMERGING) == COUNTED
    assert reason(imhs, EMERGING) == PROVIDER_NOT_QUALIFIED


@pytest.mark.parametrize(
    "period",
    [
        QualificationPeriod(category_id=IECFRS, emerging=True, starts_on=date(2026, 1, 1)),
        QualificationPeriod(category_id=IECFRS, emerging=True, expires_on=date(2026, 3, 31)),
        QualificationPeriod(category_id=IECFRS, emerging=True),
    ],
)
def test_an_emerging_status_without_both_dates_never_counts(period):
    assert not period.valid_on(HELD_ON)
    assert reason(IFS_RULES, period) == PROVIDER_NOT_QUALIFIED


# --- a master's-prepared IFS for a bachelor's-prepared IFS applicant -----------------------

IFS_HELD_MASTERS = QualificationPeriod(category_id=IFS, master_prepared=True)
IFS_HELD_BACHELORS = QualificationPeriod(category_id=IFS, master_prepared=False)


def test_a_masters_prepared_ifs_counts_for_a_bachelors_prepared_ifs_applicant():
    bachelor_applicant = rules(
        "IFS",
        qualifying_category_ids=frozenset({IECFRS, IMHS, IMHM_C}),
        master_prepared_category_ids=frozenset({IFS}),
    )
    assert reason(bachelor_applicant, IFS_HELD_MASTERS) == COUNTED
    assert reason(bachelor_applicant, IFS_HELD_BACHELORS) == PROVIDER_NOT_QUALIFIED


def test_without_the_degree_rule_an_ifs_provider_does_not_count_for_ifs():
    # Any other applicant (master's-prepared, or degree unknown): the builder passes no ids.
    assert reason(IFS_RULES, IFS_HELD_MASTERS) == PROVIDER_NOT_QUALIFIED
    # ...unless the data lists IFS among the qualifying categories.
    listed = rules("IFS", qualifying_category_ids=frozenset({IFS}))
    assert reason(listed, IFS_HELD_BACHELORS) == COUNTED


def test_a_master_prepared_vetting_is_still_only_vetting():
    bachelor_applicant = rules("IFS", master_prepared_category_ids=frozenset({IFS}))
    vetted = QualificationPeriod(category_id=IFS, vetted=True, master_prepared=True)
    assert reason(bachelor_applicant, vetted) == PROVIDER_NOT_QUALIFIED


# --- renewal --------------------------------------------------------------------------------

ENDORSED = date(2020, 9, 1)


@pytest.mark.parametrize(
    "as_of, ended",
    [
        (date(2021, 9, 1), False),  # first renewal
        (date(2023, 8, 31), False),  # third renewal, due 1 Sep 2023
        (date(2023, 9, 1), False),  # its due day: still the third renewal
        (date(2023, 9, 2), True),  # the renewal year after three years held
        (date(2030, 1, 1), True),
    ],
)
def test_mentor_clinical_renewal_rsc_ends_after_three_years_held(as_of, ended):
    assert renewal_rsc_ended(ENDORSED, as_of, 3) is ended


def test_renewal_rsc_never_ends_without_a_limit_or_a_date():
    assert not renewal_rsc_ended(ENDORSED, date(2040, 1, 1), None)
    assert not renewal_rsc_ended(None, date(2040, 1, 1), 3)


def test_renewal_for_someone_who_provides_rsc_needs_3_of_15_hours_about_rsc():
    renewal = CategoryRules(
        code="IMHS-renewal", training_hours=D(15), rsc_training_hours=D(3), counts_after=ENDORSED
    )
    general = [TrainingItem(hours=D(15), completed_on=AS_OF)]
    report = evaluate(renewal, general, [], AS_OF)
    assert report.result(TRAINING_HOURS).met
    assert not report.result(RSC_TRAINING_HOURS).met
    assert not report.ready
    mixed = [
        TrainingItem(hours=D(12), completed_on=AS_OF),
        TrainingItem(hours=D(3), completed_on=AS_OF, about_rsc=True),
    ]
    assert evaluate(renewal, mixed, [], AS_OF).ready


def test_an_imhs_who_provides_rsc_renews_only_with_rsc_from_an_imhm_c():
    providing = rules("IMHS-renewal", qualifying_category_ids=frozenset({IMHM_C}),
                      vetted_category_ids=frozenset({IMHM_C}))  # fmt: skip
    assert reason(providing, QualificationPeriod(category_id=IMHM_C)) == COUNTED
    assert reason(providing, QualificationPeriod(category_id=IMHS)) == PROVIDER_NOT_QUALIFIED
    assert reason(providing, QualificationPeriod(category_id=IMHS, vetted=True)) == (
        PROVIDER_NOT_QUALIFIED
    )


def test_renewal_without_rsc_hours_asks_none():
    after_three_years = CategoryRules(code="IMHM-C-renewal", training_hours=D(15))
    report = evaluate(after_three_years, [TrainingItem(hours=D(15), completed_on=AS_OF)], [], AS_OF)
    assert report.ready and report.result(RSC_HOURS) is None


@pytest.mark.parametrize(
    "periods, provides",
    [
        ([], False),
        ([(None, None)], True),  # open at both ends
        ([(date(2025, 1, 1), date(2025, 9, 1))], False),  # ended on the cut: not in the year
        ([(date(2025, 1, 1), date(2025, 9, 2))], True),  # one day inside it
        ([(AS_OF, None)], True),  # began today
        ([(date(2026, 7, 1), None)], False),  # not yet begun
    ],
)
def test_who_provides_rsc_in_the_renewal_year(periods, provides):
    assert provides_rsc_in(periods, date(2025, 9, 1), AS_OF) is provides


# --- properties over every kind of period ------------------------------------------------

ids = st.frozensets(st.integers(min_value=1, max_value=6), max_size=4)
maybe_day = st.one_of(st.none(), st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)))
periods = st.builds(
    QualificationPeriod,
    category_id=st.one_of(st.none(), st.integers(min_value=1, max_value=6)),
    starts_on=maybe_day,
    expires_on=maybe_day,
    vetted=st.booleans(),
    emerging=st.booleans(),
    master_prepared=st.booleans(),
)
rules_with_ids = st.builds(
    CategoryRules,
    code=st.just("X"),
    rsc_hours=st.sampled_from([D(1), D(24)]),
    qualifying_category_ids=ids,
    vetted_category_ids=ids,
    master_prepared_category_ids=ids,
)
items = st.lists(
    st.builds(
        RscItem,
        minutes=st.integers(min_value=1, max_value=300),
        held_on=st.dates(min_value=date(2025, 1, 1), max_value=AS_OF),
        provider=st.sampled_from(["1", "2", "3"]),
        qualifications=st.lists(periods, max_size=3).map(tuple),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(rules_with_ids, items, st.integers(min_value=1, max_value=6), maybe_day, maybe_day)
def test_vetting_for_a_category_the_rules_do_not_name_never_changes_anything(
    rules, rsc_list, category_id, starts_on, expires_on
):
    vetted = QualificationPeriod(category_id, starts_on, expires_on, vetted=True)
    assume(category_id not in rules.vetted_category_ids)
    more = [replace(i, qualifications=(*i.qualifications, vetted)) for i in rsc_list]
    assert evaluate(rules, [], more, AS_OF) == evaluate(rules, [], rsc_list, AS_OF)


@settings(max_examples=200, deadline=None)
@given(rules_with_ids, st.lists(periods, max_size=3), st.dates(date(2025, 1, 1), AS_OF))
def test_a_closed_emerging_period_counts_exactly_as_holding_the_category_for_it(
    rules, found, held_on
):
    closed = [
        replace(
            p,
            vetted=False,
            emerging=True,
            starts_on=p.starts_on or date(2025, 1, 1),
            expires_on=p.expires_on or date(2026, 12, 31),
        )  # fmt: skip
        for p in found
    ]
    held = [replace(p, emerging=False) for p in closed]
    assert reason(rules, *closed, held_on=held_on) == reason(rules, *held, held_on=held_on)


@settings(max_examples=200, deadline=None)
@given(rules_with_ids, st.lists(periods, max_size=3), st.dates(date(2025, 1, 1), AS_OF))
def test_without_the_degree_rule_being_masters_prepared_changes_nothing(rules, found, held_on):
    rules = replace(rules, master_prepared_category_ids=frozenset())
    masters = [replace(p, master_prepared=True) for p in found]
    plain = [replace(p, master_prepared=False) for p in found]
    assert reason(rules, *masters, held_on=held_on) == reason(rules, *plain, held_on=held_on)
