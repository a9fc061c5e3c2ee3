"""The engine's rules beyond hours: education, specialised work, references, agreements,
membership and the exam, each met, not met or waiting, with "ready to apply" only when every
kind asked before applying is met. Pure: no database."""

import datetime
from decimal import Decimal

import pytest

from training.readiness.engine import (
    CODE_OF_ETHICS,
    ENDORSEMENT_AGREEMENT,
    MET,
    NOT_MET,
    WAITING,
    AgreementItem,
    ApplicantRecord,
    CategoryRules,
    EducationItem,
    ExamItem,
    MembershipItem,
    ReferenceItem,
    TrainingItem,
    WorkItem,
    evaluate,
    fte_years,
)

TODAY = datetime.date(2026, 12, 3)
DAY = datetime.timedelta(days=1)


def years_ago(years: float) -> datetime.date:
    return TODAY - datetime.timedelta(days=round(365.25 * years))


def state(rules, record, code):
    return evaluate(rules, [], [], TODAY, record).result(code)


IFA = CategoryRules(
    code="IFA",
    education_level="associate",
    education_related_field=True,
    paid_work_years_instead_of_degree=Decimal(2),
    work_age_group="0_3",
)
IFS = CategoryRules(
    code="IFS",
    education_level="bachelor",
    work_years=Decimal(2),
    work_paid=True,
    work_post_degree=True,
    work_min_families=10,
    work_age_group="0_3",
)


def job(years=3, **fields) -> WorkItem:
    defaults = {
        "starts_on": years_ago(years),
        "ends_on": None,
        "hours_per_week": Decimal(40),
        "paid": True,
        "post_degree": True,
        "families_served": 12,
        "age_group": "0_3",
    }
    return WorkItem(**(defaults | fields))


# --- education -----------------------------------------------------------------------------


def test_an_associate_degree_in_a_related_field_meets_ifa():
    record = ApplicantRecord(education=(EducationItem("associate", years_ago(1), True),))
    assert state(IFA, record, "education").state == MET


def test_an_associate_degree_in_an_unrelated_field_does_not_meet_ifa():
    record = ApplicantRecord(education=(EducationItem("associate", years_ago(1), False),))
    result = state(IFA, record, "education")
    assert result.state == NOT_MET
    assert "in a related field" in result.detail and "2 years of paid work" in result.detail


def test_two_years_of_paid_infant_work_stand_in_for_the_degree_for_ifa():
    assert state(IFA, ApplicantRecord(work=(job(2.1),)), "education").met
    # Volunteer work, or work with older children, does not.
    assert not state(IFA, ApplicantRecord(work=(job(3, paid=False),)), "education").met
    assert not state(IFA, ApplicantRecord(work=(job(3, age_group="3_6"),)), "education").met
    assert not state(IFA, ApplicantRecord(work=(job(1.5),)), "education").met


def test_a_degree_waiting_for_verification_is_waiting_not_met():
    record = ApplicantRecord(
        education=(EducationItem("bachelor", years_ago(1), True, verified=False),)
    )
    result = state(IFS, record, "education")
    assert result.state == WAITING and not result.met


def test_a_higher_degree_meets_a_lower_requirement_and_a_lower_one_does_not():
    master = ApplicantRecord(education=(EducationItem("master_or_higher", years_ago(1)),))
    associate = ApplicantRecord(education=(EducationItem("associate", years_ago(1)),))
    assert state(IFS, master, "education").met
    assert not state(IFS, associate, "education").met
    imhs = CategoryRules(code="IMHS", education_level="master_or_higher")
    assert not state(
        imhs, ApplicantRecord(education=(EducationItem("bachelor", TODAY),)), "education"
    ).met
    assert state(imhs, master, "education").met


def test_a_category_asking_no_degree_reports_no_education_requirement():
    rules = CategoryRules(code="IECFRS", education_level="")
    assert evaluate(rules, [], [], TODAY, ApplicantRecord()).result("education") is None


# --- specialised work ------------------------------------------------------------------------


def test_work_years_are_full_time_equivalent_and_overlaps_count_once():
    # Two overlapping full-time posts for a year: one year, not two.
    both = [job(1, hours_per_week=Decimal(40)), job(1, hours_per_week=Decimal(40))]
    assert round(fte_years(both, TODAY), 1) == Decimal("1.0")
    # Half time for four years: two years.
    assert round(fte_years([job(4, hours_per_week=Decimal(20))], TODAY), 1) == Decimal("2.0")
    # Two half-time posts at once make full time.
    halves = [job(1, hours_per_week=Decimal(20)), job(1, hours_per_week=Decimal(20))]
    assert round(fte_years(halves, TODAY), 1) == Decimal("1.0")
    # An ended post counts up to its end; a post starting later than the day counts nothing.
    ended = job(3, ends_on=years_ago(2))
    assert round(fte_years([ended], TODAY), 1) == Decimal("1.0")
    assert fte_years([job(starts_on=TODAY + DAY)], TODAY) == 0


def test_ifs_work_must_be_paid_post_degree_with_infants_and_ten_families():
    assert state(IFS, ApplicantRecord(work=(job(3),)), "work_experience").met
    for wrong in (
        job(3, paid=False),
        job(3, post_degree=False),
        job(3, age_group="3_6"),
    ):
        assert not state(IFS, ApplicantRecord(work=(wrong,)), "work_experience").met, wrong
    assert state(IFS, ApplicantRecord(work=(job(3, age_group="both"),)), "work_experience").met
    few = state(IFS, ApplicantRecord(work=(job(3, families_served=6),)), "work_experience")
    assert not few.met and "4 more families" in few.detail
    short = state(IFS, ApplicantRecord(work=(job(1.5),)), "work_experience")
    assert not short.met and "0.5 more year" in short.detail


def test_unverified_work_that_would_meet_the_rule_is_waiting():
    record = ApplicantRecord(work=(job(3, verified=False),))
    assert state(IFS, record, "work_experience").state == WAITING


def test_leadership_and_rsc_providing_years_are_their_own_requirements():
    rules = CategoryRules(
        code="IMHM-C",
        work_post_degree=True,
        leadership_years=Decimal(1),
        rsc_providing_years=Decimal(3),
    )
    record = ApplicantRecord(work=(job(4, leadership=True), job(2, providing_rsc=True)))
    report = evaluate(rules, [], [], TODAY, record)
    assert report.result("leadership").met
    assert not report.result("rsc_providing").met
    assert "1 more year of providing reflective" in report.result("rsc_providing").detail


# --- references ------------------------------------------------------------------------------


REFS = CategoryRules(
    code="IFS",
    references_needed=3,
    reference_roles=frozenset({"current_supervisor", "rsc_provider"}),
    endorsed_rater_category_ids=frozenset({7}),
)


def rating(role="colleague", *, days_ago=30, nei=0, known=24, category=None, vetted=False, **kw):
    return ReferenceItem(
        role=role,
        completed_on=TODAY - datetime.timedelta(days=days_ago),
        known_months=known,
        nei_count=nei,
        rater_category_id=category,
        rater_vetted=vetted,
        **kw,
    )


def good_set(**third):
    return (
        rating("current_supervisor", category=7),
        rating("rsc_provider"),
        rating("colleague", **third),
    )


def test_three_valid_ratings_with_every_role_and_an_endorsed_rater_are_met():
    report = evaluate(REFS, [], [], TODAY, ApplicantRecord(references=good_set()))
    assert report.result("references").met
    assert all(o.counted for o in report.outcomes if o.kind == "reference")


@pytest.mark.parametrize(("nei", "counts"), [(5, True), (6, False), (12, False)])
def test_six_or_more_not_enough_information_answers_do_not_count(nei, counts):
    report = evaluate(REFS, [], [], TODAY, ApplicantRecord(references=good_set(nei=nei)))
    assert report.result("references").met is counts
    third = [o for o in report.outcomes if o.kind == "reference"][2]
    assert third.counted is counts
    if not counts:
        assert "not enough information" in third.text


def test_a_rating_is_valid_for_one_year_from_completion():
    within = evaluate(REFS, [], [], TODAY, ApplicantRecord(references=good_set(days_ago=364)))
    assert within.result("references").met
    old = evaluate(REFS, [], [], TODAY, ApplicantRecord(references=good_set(days_ago=367)))
    assert not old.result("references").met
    assert [o.reason for o in old.outcomes][2] == "rating_expired"


def test_a_rater_who_has_known_the_applicant_under_a_year_does_not_count():
    report = evaluate(REFS, [], [], TODAY, ApplicantRecord(references=good_set(known=8)))
    assert not report.result("references").met
    assert [o.reason for o in report.outcomes][2] == "known_too_short"


def test_missing_roles_and_the_endorsed_rater_are_named():
    three_colleagues = (rating(), rating(), rating())
    result = state(REFS, ApplicantRecord(references=three_colleagues), "references")
    assert not result.met
    assert "your current supervisor" in result.detail
    assert "reflective supervision/consultation provider" in result.detail
    assert "endorsed at a qualifying level or vetted" in result.detail
    # A vetted rater satisfies the endorsed-rater rule.
    vetted = (rating("current_supervisor", vetted=True), rating("rsc_provider"), rating())
    assert state(REFS, ApplicantRecord(references=vetted), "references").met


def test_open_invitations_that_would_complete_the_set_are_waiting():
    pending = ReferenceItem(role="rsc_provider", completed_on=None, open=True)
    record = ApplicantRecord(
        references=(rating("current_supervisor", category=7), rating(), pending)
    )
    result = state(REFS, record, "references")
    assert result.state == WAITING and "raters you invited" in result.detail
    # A closed link waits for nothing.
    closed = ReferenceItem(role="rsc_provider", completed_on=None, open=False)
    record = ApplicantRecord(
        references=(rating("current_supervisor", category=7), rating(), closed)
    )
    assert state(REFS, record, "references").state == NOT_MET


# --- agreements, membership, exam -------------------------------------------------------------


AGREE = CategoryRules(
    code="IFS",
    agreement_kinds=frozenset({CODE_OF_ETHICS, ENDORSEMENT_AGREEMENT}),
    membership_required=True,
)


def signed(code_days_ago=30, *, current=True):
    return (
        AgreementItem(CODE_OF_ETHICS, TODAY - datetime.timedelta(days=code_days_ago), current),
        AgreementItem(ENDORSEMENT_AGREEMENT, years_ago(3), current),
    )


def test_both_agreements_must_be_accepted_and_the_code_renewed_each_year():
    assert state(AGREE, ApplicantRecord(agreements=signed()), "agreements").met
    stale = state(AGREE, ApplicantRecord(agreements=signed(400)), "agreements")
    assert not stale.met and "renew your Code of Ethics" in stale.detail
    only_code = ApplicantRecord(agreements=signed()[:1])
    assert "Endorsement Agreement" in state(AGREE, only_code, "agreements").detail
    # A new version in force makes the old acceptance not current.
    assert not state(AGREE, ApplicantRecord(agreements=signed(current=False)), "agreements").met


def test_membership_is_met_while_verified_and_current():
    current = MembershipItem(TODAY + 100 * DAY)
    assert state(AGREE, ApplicantRecord(memberships=(current,)), "membership").met
    pending = MembershipItem(TODAY + 100 * DAY, verified=False)
    assert state(AGREE, ApplicantRecord(memberships=(pending,)), "membership").state == WAITING
    expired = state(
        AGREE, ApplicantRecord(memberships=(MembershipItem(TODAY - DAY),)), "membership"
    )
    assert expired.state == NOT_MET and "expired" in expired.detail


def test_the_exam_comes_after_applying_so_it_never_blocks_ready_to_apply():
    rules = CategoryRules(code="IMHS", category_id=4, exam_required=True, training_hours=Decimal(1))
    training = [TrainingItem(Decimal(2), TODAY - DAY)]
    before = evaluate(rules, training, [], TODAY, ApplicantRecord())
    assert before.ready and not before.complete
    assert before.result("exam").after_applying and not before.result("exam").met
    failed = ApplicantRecord(exams=(ExamItem(4, TODAY - 10 * DAY, False),))
    assert (
        "can be taken again" in evaluate(rules, training, [], TODAY, failed).result("exam").detail
    )
    passed = ApplicantRecord(exams=(ExamItem(4, TODAY - DAY, True),))
    assert evaluate(rules, training, [], TODAY, passed).complete
    # An exam for another category is not this one.
    other = ApplicantRecord(exams=(ExamItem(5, TODAY - DAY, True),))
    assert not evaluate(rules, training, [], TODAY, other).complete


# --- the verdict -----------------------------------------------------------------------------


def test_ready_to_apply_needs_every_kind_and_waiting_means_only_others_are_left():
    rules = CategoryRules(
        code="IFS",
        training_hours=Decimal(1),
        education_level="bachelor",
        agreement_kinds=frozenset({CODE_OF_ETHICS}),
        membership_required=True,
    )
    training = [TrainingItem(Decimal(2), TODAY - DAY)]
    hours_only = evaluate(rules, training, [], TODAY, ApplicantRecord())
    assert not hours_only.ready and not hours_only.waiting
    complete = ApplicantRecord(
        education=(EducationItem("bachelor", years_ago(2)),),
        agreements=signed()[:1],
        memberships=(MembershipItem(TODAY + DAY),),
    )
    assert evaluate(rules, training, [], TODAY, complete).ready
    waiting = ApplicantRecord(
        education=(EducationItem("bachelor", years_ago(2), verified=False),),
        agreements=signed()[:1],
        memberships=(MembershipItem(TODAY + DAY, verified=False),),
    )
    report = evaluate(rules, training, [], TODAY, waiting)
    assert not report.ready and report.waiting


def test_rules_that_ask_nothing_beyond_hours_report_hours_only():
    rules = CategoryRules(code="X", training_hours=Decimal(1))
    report = evaluate(rules, [TrainingItem(Decimal(1), TODAY)], [], TODAY)
    assert [r.code for r in report.results] == ["training_hours"] and report.ready
