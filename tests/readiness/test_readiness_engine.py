"""The rules engine, case by case and by property. No database: these are plain functions."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from training.readiness.engine import (
    COUNTED,
    DEI_HOURS,
    NOT_SIGNED,
    NOT_VERIFIED,
    OUTSIDE_WINDOW,
    PEER,
    PROVIDER_NOT_QUALIFIED,
    REASON_TEXT,
    REQUIREMENT_CODES,
    RSC_ABOUT_PROVIDING_HOURS,
    RSC_HOURS,
    RSC_PROVIDERS,
    RSC_TRAINING_HOURS,
    THIRD_PROVIDER,
    TRAINING_HOURS,
    CategoryRules,
    QualificationPeriod,
    RscItem,
    TrainingItem,
    evaluate,
    renewal_year_start,
)

AS_OF = date(2026, 6, 30)
D = Decimal


def rsc_rules(**kwargs) -> CategoryRules:
    return CategoryRules(code="IMHS", rsc_hours=D(24), rsc_window_months=24, **kwargs)


def rsc(minutes=60, held_on=date(2026, 1, 15), provider="1", **kwargs) -> RscItem:
    return RscItem(minutes=minutes, held_on=held_on, provider=provider, **kwargs)


# --- training ---------------------------------------------------------------------------


def test_training_counts_only_verified_items_completed_by_the_day():
    rules = CategoryRules(code="IFA", training_hours=D(30))
    training = [
        TrainingItem(hours=D(10), completed_on=AS_OF),
        TrainingItem(hours=D(5), completed_on=AS_OF - timedelta(days=400)),
        TrainingItem(hours=D(7), completed_on=AS_OF + timedelta(days=1)),
        TrainingItem(hours=D(9), completed_on=AS_OF, verified=False),
    ]
    result = evaluate(rules, training, [], AS_OF).result(TRAINING_HOURS)
    assert result.have == D("15.00")
    assert result.needed == D(30)
    assert not result.met
    assert result.detail == "15 more hours of verified training."


def test_dei_and_rsc_training_sum_their_own_items():
    rules = CategoryRules(
        code="IMHM-C", training_hours=D(48), dei_hours=D(3), rsc_training_hours=D(15)
    )
    training = [
        TrainingItem(hours=D(30), completed_on=AS_OF),
        TrainingItem(hours=D(3), completed_on=AS_OF, dei=True),
        TrainingItem(hours=D(15), completed_on=AS_OF, about_rsc=True),
    ]
    report = evaluate(rules, training, [], AS_OF)
    assert [r.code for r in report.results] == [TRAINING_HOURS, DEI_HOURS, RSC_TRAINING_HOURS]
    assert report.result(DEI_HOURS).have == D("3.00")
    assert report.result(RSC_TRAINING_HOURS).have == D("15.00")
    assert report.result(TRAINING_HOURS).have == D("48.00")
    assert report.ready


def test_a_requirement_appears_only_when_its_figure_is_above_zero():
    report = evaluate(CategoryRules(code="NONE"), [], [rsc()], AS_OF)
    assert report.results == ()
    assert report.ready


def test_training_have_is_rounded_half_up_but_met_compares_exactly():
    rules = CategoryRules(code="X", training_hours=D("0.13"))
    result = evaluate(rules, [TrainingItem(hours=D("0.125"), completed_on=AS_OF)], [], AS_OF)
    assert result.results[0].have == D("0.13")  # half-up, where banker's would give 0.12
    assert not result.results[0].met  # 0.125 < 0.13 even though it displays as 0.13
    assert result.results[0].detail == "0.01 more hours of verified training."


def test_one_more_hour_is_singular():
    rules = CategoryRules(code="X", training_hours=D(2))
    result = evaluate(rules, [TrainingItem(hours=D(1), completed_on=AS_OF)], [], AS_OF)
    assert result.results[0].detail == "1 more hour of verified training."


# --- RSC window ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held_on", "counts"),
    [
        (date(2024, 6, 30), False),  # exactly 24 months before: outside
        (date(2024, 7, 1), True),  # the day after: inside
        (AS_OF, True),  # the day itself: inside
        (AS_OF + timedelta(days=1), False),  # the future: outside
    ],
)
def test_rsc_window_edges(held_on, counts):
    result = evaluate(rsc_rules(), [], [rsc(held_on=held_on)], AS_OF).result(RSC_HOURS)
    assert result.have == (D("1.00") if counts else D("0.00"))


@pytest.mark.parametrize(
    ("as_of", "months", "last_outside", "first_inside"),
    [
        (date(2026, 3, 31), 1, date(2026, 2, 28), date(2026, 3, 1)),
        (date(2024, 2, 29), 12, date(2023, 2, 28), date(2023, 3, 1)),
        (date(2026, 8, 31), 6, date(2026, 2, 28), date(2026, 3, 1)),
        (date(2028, 2, 29), 24, date(2026, 2, 28), date(2026, 3, 1)),
    ],
)
def test_rsc_window_at_month_ends(as_of, months, last_outside, first_inside):
    rules = CategoryRules(code="X", rsc_hours=D(1), rsc_window_months=months)
    items = [rsc(held_on=last_outside, minutes=30), rsc(held_on=first_inside, minutes=45)]
    assert evaluate(rules, [], items, as_of).result(RSC_HOURS).have == D("0.75")


def test_rsc_detail_names_the_window():
    items = [rsc(minutes=17 * 60 + 30)]
    result = evaluate(rsc_rules(), [], items, AS_OF).result(RSC_HOURS)
    assert result.detail == "6.5 more hours of RSC within the 24 months before 30 Jun 2026."


# --- which RSC counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "flags",
    [{"peer": True}, {"provider_qualified": False}, {"signed_off": False}],
    ids=["peer", "unqualified provider", "not signed off"],
)
def test_rsc_that_never_counts(flags):
    report = evaluate(rsc_rules(), [], [rsc(minutes=600, **flags)], AS_OF)
    assert report.result(RSC_HOURS).have == D("0.00")
    assert report.result(RSC_PROVIDERS).have == D("0.00")
    assert not report.result(RSC_PROVIDERS).met


def test_a_third_provider_is_dropped():
    items = [rsc(600, provider="1"), rsc(300, provider="2"), rsc(200, provider="3")]
    report = evaluate(rsc_rules(), [], items, AS_OF)
    assert report.result(RSC_HOURS).have == D("15.00")
    assert report.result(RSC_PROVIDERS).have == D("66.67")
    assert report.result(RSC_PROVIDERS).met


def test_ties_keep_the_lowest_provider_ids_numerically():
    items = [rsc(300, provider="10"), rsc(300, provider="9"), rsc(300, provider="2")]
    about = [rsc(60, provider="10", about_providing_rsc=True)]
    # "10" now leads with 360 minutes; "2" beats "9" on the tie.
    rules = rsc_rules(rsc_about_providing_hours=D(1))
    report = evaluate(rules, [], items + about, AS_OF)
    assert report.result(RSC_HOURS).have == D("11.00")
    assert report.result(RSC_ABOUT_PROVIDING_HOURS).have == D("1.00")
    tied = evaluate(rules, [], items, AS_OF)
    assert tied.result(RSC_HOURS).have == D("10.00")  # "2" and "9" kept, "10" dropped


def test_about_providing_rsc_from_a_dropped_provider_does_not_count():
    rules = rsc_rules(rsc_about_providing_hours=D(1))
    items = [
        rsc(600, provider="1"),
        rsc(300, provider="2"),
        rsc(120, provider="3", about_providing_rsc=True),
    ]
    result = evaluate(rules, [], items, AS_OF).result(RSC_ABOUT_PROVIDING_HOURS)
    assert result.have == D("0.00")
    assert not result.met


def test_exactly_half_from_one_provider_is_not_enough():
    items = [rsc(300, provider="1"), rsc(300, provider="2")]
    result = evaluate(rsc_rules(), [], items, AS_OF).result(RSC_PROVIDERS)
    assert result.have == D("50.00")
    assert result.needed == D(50)
    assert not result.met
    assert "more than half" in result.detail


def test_one_minute_more_than_half_is_enough():
    items = [rsc(301, provider="1"), rsc(300, provider="2")]
    assert evaluate(rsc_rules(), [], items, AS_OF).result(RSC_PROVIDERS).met


def test_provider_share_rounds_half_up():
    items = [rsc(17, provider="1"), rsc(15, provider="2")]  # 53.125 %
    assert evaluate(rsc_rules(), [], items, AS_OF).result(RSC_PROVIDERS).have == D("53.13")


def test_rsc_providers_appears_only_with_rsc_hours():
    rules = CategoryRules(code="X", rsc_about_providing_hours=D(1))
    codes = [r.code for r in evaluate(rules, [], [rsc()], AS_OF).results]
    assert codes == [RSC_ABOUT_PROVIDING_HOURS]


# --- minutes, rounding and met ------------------------------------------------------------


def test_minutes_are_summed_before_dividing():
    # Three 20-minute sessions are exactly one hour, not 3 × 0.33.
    items = [rsc(20, held_on=date(2026, 1, d)) for d in (1, 2, 3)]
    rules = CategoryRules(code="X", rsc_hours=D(1))
    result = evaluate(rules, [], items, AS_OF).result(RSC_HOURS)
    assert result.have == D("1.00")
    assert result.met


def test_met_compares_minutes_not_rounded_hours():
    rules = CategoryRules(code="X", rsc_hours=D("0.02"))  # 1.2 minutes
    result = evaluate(rules, [], [rsc(1)], AS_OF).result(RSC_HOURS)
    assert result.have == D("0.02")  # 1/60 rounds to 0.02 ...
    assert not result.met  # ... but 1 minute is less than 1.2


def test_a_minute_short_is_not_met():
    rules = CategoryRules(code="X", rsc_hours=D(24))
    short = evaluate(rules, [], [rsc(24 * 60 - 1)], AS_OF).result(RSC_HOURS)
    enough = evaluate(rules, [], [rsc(24 * 60)], AS_OF).result(RSC_HOURS)
    assert (short.have, short.met) == (D("23.98"), False)
    assert short.detail.startswith("0.02 more hours of RSC")
    assert (enough.have, enough.met) == (D("24.00"), True)


def test_ready_only_when_every_requirement_is_met():
    rules = CategoryRules(code="IFS", training_hours=D(30), rsc_hours=D(24))
    training = [TrainingItem(hours=D(30), completed_on=AS_OF)]
    assert not evaluate(rules, training, [], AS_OF).ready
    assert evaluate(rules, training, [rsc(24 * 60)], AS_OF).ready


# --- properties ---------------------------------------------------------------------------

days = st.dates(min_value=date(2022, 1, 1), max_value=date(2027, 12, 31))
hours = st.decimals(min_value=D("0.25"), max_value=D(40), places=2)
training_items = st.builds(
    TrainingItem,
    hours=hours,
    completed_on=days,
    dei=st.booleans(),
    about_rsc=st.booleans(),
    verified=st.booleans(),
)
rsc_items = st.builds(
    RscItem,
    minutes=st.integers(min_value=0, max_value=600),
    held_on=days,
    provider=st.sampled_from(["1", "2", "3", "9", "10"]),
    provider_qualified=st.booleans(),
    peer=st.booleans(),
    about_providing_rsc=st.booleans(),
    signed_off=st.booleans(),
)
rules_strategy = st.builds(
    CategoryRules,
    code=st.just("X"),
    training_hours=st.sampled_from([D(0), D(15), D(30), D(48)]),
    dei_hours=st.sampled_from([D(0), D(1), D(3)]),
    rsc_training_hours=st.sampled_from([D(0), D(15)]),
    rsc_hours=st.sampled_from([D(0), D(12), D(24), D(50)]),
    rsc_window_months=st.sampled_from([12, 24]),
    rsc_about_providing_hours=st.sampled_from([D(0), D(25)]),
)
as_of_days = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))


def reference_rsc_minutes(rules, items, as_of):
    """A second, naive reading of the RSC rules to check the engine against."""
    from dateutil.relativedelta import relativedelta

    start = as_of - relativedelta(months=rules.rsc_window_months)
    good = [
        i
        for i in items
        if i.signed_off and not i.peer and i.provider_qualified and start < i.held_on <= as_of
    ]
    totals = {}
    for i in good:
        totals[i.provider] = totals.get(i.provider, 0) + i.minutes
    top = sorted(totals.items(), key=lambda kv: (-kv[1], int(kv[0])))[:2]
    return sum(m for _p, m in top), (top[0][1] if top else 0)


@settings(max_examples=200, deadline=None)
@given(
    rules_strategy,
    st.lists(training_items, max_size=12),
    st.lists(rsc_items, max_size=15),
    as_of_days,
)
def test_report_shape_and_ready(rules, training, rsc_list, as_of):
    report = evaluate(rules, training, rsc_list, as_of)
    codes = [r.code for r in report.results]
    assert codes == [c for c in REQUIREMENT_CODES if c in codes]  # fixed order
    assert (RSC_PROVIDERS in codes) == (rules.rsc_hours > 0)
    assert report.ready == all(r.met for r in report.results)
    for result in report.results:
        assert result.have >= 0
        assert result.have == result.have.quantize(D("0.01"))
        assert result.detail


@settings(max_examples=200, deadline=None)
@given(rules_strategy, st.lists(rsc_items, max_size=15), as_of_days)
def test_rsc_matches_a_naive_reference(rules, rsc_list, as_of):
    rules = replace(rules, rsc_hours=D(24))
    report = evaluate(rules, [], rsc_list, as_of)
    minutes, largest = reference_rsc_minutes(rules, rsc_list, as_of)
    hours_result = report.result(RSC_HOURS)
    assert hours_result.met == (minutes >= 24 * 60)
    assert abs(hours_result.have - D(minutes) / 60) <= D("0.005")
    providers = report.result(RSC_PROVIDERS)
    assert providers.met == (largest * 2 > minutes)
    if minutes:
        assert providers.have >= D(50)


@settings(max_examples=150, deadline=None)
@given(
    rules_strategy,
    st.lists(training_items, max_size=10),
    st.lists(rsc_items, max_size=10),
    as_of_days,
    st.randoms(use_true_random=False),
)
def test_order_of_evidence_does_not_matter(rules, training, rsc_list, as_of, rnd):
    shuffled_training, shuffled_rsc = training[:], rsc_list[:]
    rnd.shuffle(shuffled_training)
    rnd.shuffle(shuffled_rsc)
    assert evaluate(rules, training, rsc_list, as_of) == evaluate(
        rules, shuffled_training, shuffled_rsc, as_of
    )


@settings(max_examples=150, deadline=None)
@given(
    rules_strategy,
    st.lists(training_items, max_size=10),
    st.lists(rsc_items, max_size=10),
    as_of_days,
    training_items,
    rsc_items,
)
def test_evidence_that_never_counts_changes_nothing(
    rules, training, rsc_list, as_of, extra_training, extra_rsc
):
    before = evaluate(rules, training, rsc_list, as_of)
    unverified = replace(extra_training, verified=False)
    peer = replace(extra_rsc, peer=True)
    future = replace(extra_rsc, held_on=as_of + timedelta(days=1), peer=False)
    after = evaluate(rules, [*training, unverified], [*rsc_list, peer, future], as_of)
    assert before == after


@settings(max_examples=150, deadline=None)
@given(rules_strategy, st.lists(training_items, max_size=10), as_of_days, hours)
def test_more_verified_training_never_lowers_training_hours(rules, training, as_of, extra):
    rules = replace(rules, training_hours=D(30))
    before = evaluate(rules, training, [], as_of).result(TRAINING_HOURS)
    after = evaluate(
        rules, [*training, TrainingItem(hours=extra, completed_on=as_of)], [], as_of
    ).result(TRAINING_HOURS)
    assert after.have >= before.have
    assert after.met or not before.met


# --- qualification periods, reasons and source ids --------------------------------------------

QUALIFYING = frozenset({7})
THIS = frozenset({9})  # the category these rules are for


def _rules_with_qualifying(**kwargs) -> CategoryRules:
    return rsc_rules(qualifying_category_ids=QUALIFYING, vetted_category_ids=THIS, **kwargs)


@pytest.mark.parametrize(
    "period, counts",
    [
        (QualificationPeriod(category_id=7), True),
        (QualificationPeriod(category_id=8), False),  # a category that does not qualify
        (QualificationPeriod(category_id=9, vetted=True), True),  # vetted for this category
        (QualificationPeriod(category_id=7, vetted=True), False),  # vetted for another one
        (QualificationPeriod(vetted=True), False),  # vetting always names its category
        (QualificationPeriod(category_id=7, starts_on=date(2026, 1, 15)), True),  # first day
        (QualificationPeriod(category_id=7, starts_on=date(2026, 1, 16)), False),  # not yet
        (QualificationPeriod(category_id=7, expires_on=date(2026, 1, 15)), True),  # last day
        (QualificationPeriod(category_id=7, expires_on=date(2026, 1, 14)), False),  # expired
    ],
)
def test_the_engine_decides_qualification_from_the_periods_on_the_day(period, counts):
    item = rsc(minutes=60, qualifications=(period,), source_id=5)
    report = evaluate(_rules_with_qualifying(), [], [item], AS_OF)
    assert report.outcome("rsc", 5).reason == (COUNTED if counts else PROVIDER_NOT_QUALIFIED)
    assert report.result(RSC_HOURS).have == (D("1.00") if counts else D("0.00"))


def test_a_provider_with_no_period_is_not_qualified_and_none_means_the_flag_stands():
    rules = _rules_with_qualifying()
    unlisted = evaluate(rules, [], [rsc(qualifications=(), source_id=1)], AS_OF)
    assert unlisted.outcome("rsc", 1).reason == PROVIDER_NOT_QUALIFIED
    flagged = evaluate(rules, [], [rsc(provider_qualified=True, source_id=1)], AS_OF)
    assert flagged.outcome("rsc", 1).reason == COUNTED


def test_each_item_says_why_it_did_not_count():
    rules = _rules_with_qualifying()
    ok = (QualificationPeriod(category_id=7),)
    training = [
        TrainingItem(hours=D(3), completed_on=AS_OF, source_id=1),
        TrainingItem(hours=D(3), completed_on=AS_OF, verified=False, source_id=2),
        TrainingItem(hours=D(3), completed_on=AS_OF + timedelta(days=1), source_id=3),
    ]
    items = [
        rsc(minutes=300, provider="1", qualifications=ok, source_id=10),
        rsc(minutes=200, provider="2", qualifications=ok, source_id=11),
        rsc(minutes=100, provider="3", qualifications=ok, source_id=12),  # the third provider
        rsc(provider="1", qualifications=ok, signed_off=False, source_id=13),
        rsc(provider="1", qualifications=ok, peer=True, source_id=14),
        rsc(provider="1", qualifications=ok, held_on=date(2024, 6, 30), source_id=15),
        rsc(provider="4", qualifications=(), source_id=16),
    ]
    report = evaluate(rules, training, items, AS_OF)
    assert [report.outcome("training", i).reason for i in (1, 2, 3)] == [
        COUNTED,
        NOT_VERIFIED,
        OUTSIDE_WINDOW,
    ]
    assert [report.outcome("rsc", i).reason for i in range(10, 17)] == [
        COUNTED,
        COUNTED,
        THIRD_PROVIDER,
        NOT_SIGNED,
        PEER,
        OUTSIDE_WINDOW,
        PROVIDER_NOT_QUALIFIED,
    ]
    assert report.counted_ids("rsc") == {10, 11}
    assert all(o.text == REASON_TEXT[o.reason] for o in report.outcomes)


def test_the_renewal_cut_is_the_engines():
    start = renewal_year_start(date(2020, 9, 1), AS_OF)
    assert start == date(2025, 9, 1)  # the year before the next anniversary, 1 Sep 2026
    assert renewal_year_start(None, AS_OF) == date(2025, 6, 30)  # no date: the last 12 months
    rules = CategoryRules(code="R", training_hours=D(5), counts_after=start)
    training = [
        TrainingItem(hours=D(5), completed_on=start, source_id=1),  # on the cut: outside
        TrainingItem(hours=D(5), completed_on=start + timedelta(days=1), source_id=2),
    ]
    report = evaluate(rules, training, [], AS_OF)
    assert report.outcome("training", 1).reason == OUTSIDE_WINDOW
    assert report.counted_ids("training") == {2}
    assert report.result(TRAINING_HOURS).have == D("5.00")


@settings(max_examples=200, deadline=None)
@given(
    rules_strategy,
    st.lists(training_items, max_size=10),
    st.lists(rsc_items, max_size=12),
    as_of_days,
)
def test_every_item_has_one_outcome_and_the_counted_ones_make_the_hours(
    rules, training, rsc_list, as_of
):
    rules = replace(rules, rsc_hours=D(24))
    training = [replace(t, source_id=i) for i, t in enumerate(training)]
    rsc_list = [replace(r, source_id=i) for i, r in enumerate(rsc_list)]
    report = evaluate(rules, training, rsc_list, as_of)
    assert [(o.kind, o.source_id) for o in report.outcomes] == [
        ("training", t.source_id) for t in training
    ] + [("rsc", r.source_id) for r in rsc_list]
    counted = report.counted_ids("rsc")
    minutes = sum(r.minutes for r in rsc_list if r.source_id in counted)
    assert minutes == reference_rsc_minutes(rules, rsc_list, as_of)[0]
    hours = sum((t.hours for t in training if t.source_id in report.counted_ids("training")), D(0))
    assert hours == sum((t.hours for t in training if t.verified and t.completed_on <= as_of), D(0))
