"""Readiness sentences speak to whoever reads them: "your" to the trainee, her name to a
supervisor or coordinator ("Luis's main provider ...", "Luis needs ..."). The engine words them;
the page passes the reader."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.auth import sign_in
from tests.factories import SupervisionAssignmentFactory
from training.readiness.engine import (
    CODE_OF_ETHICS,
    YOU,
    AgreementItem,
    ApplicantRecord,
    CategoryRules,
    MembershipItem,
    ReferenceItem,
    RscItem,
    TrainingItem,
    Voice,
    WorkItem,
    evaluate,
)
from training.readiness.selectors import requirement_rows

TODAY = datetime.date(2026, 12, 3)
YOUR_WORDS = re.compile(r"\byou(r)?\b", re.I)

# A category asking every kind of thing, and evidence meeting none of it: every sentence that
# can speak to the reader is produced.
EVERYTHING = CategoryRules(
    code="IMHM-C",
    training_hours=Decimal(48),
    dei_hours=Decimal(3),
    rsc_training_hours=Decimal(15),
    rsc_hours=Decimal(50),
    rsc_about_providing_hours=Decimal(25),
    education_level="master_or_higher",
    work_years=Decimal(2),
    work_post_degree=True,
    leadership_years=Decimal(1),
    rsc_providing_years=Decimal(3),
    references_needed=3,
    reference_roles=frozenset({"current_supervisor", "rsc_provider", "supervisee"}),
    agreement_kinds=frozenset({CODE_OF_ETHICS}),
    membership_required=True,
    exam_required=True,
)
TWO_PROVIDERS = [
    RscItem(minutes=60, held_on=TODAY - datetime.timedelta(days=10), provider="1"),
    RscItem(minutes=60, held_on=TODAY - datetime.timedelta(days=11), provider="2"),
]
RECORD = ApplicantRecord(
    work=(WorkItem(TODAY - datetime.timedelta(days=400), None, Decimal(40), verified=False),),
    references=(ReferenceItem(role="colleague"),),
    agreements=(AgreementItem(CODE_OF_ETHICS, TODAY - datetime.timedelta(days=500)),),
    memberships=(MembershipItem(TODAY - datetime.timedelta(days=5)),),
)


def details(voice: Voice) -> list[str]:
    training = [TrainingItem(hours=Decimal(2), completed_on=TODAY)]
    report = evaluate(EVERYTHING, training, TWO_PROVIDERS, TODAY, RECORD, voice=voice)
    return [r.detail for r in report.results]


def test_the_trainee_reads_your():
    said = details(YOU)
    assert "46 more hours of verified training." in said
    assert any(d.startswith("Your main provider gave 50% of your counted RSC") for d in said)
    assert any("a rating from your current supervisor" in d for d in said)


def test_anyone_else_reads_her_name_and_never_your():
    said = details(Voice("Luis"))
    assert "Luis needs 46 more hours of verified training." in said
    assert any(d.startswith("Luis's main provider gave 50% of the counted RSC") for d in said)
    assert any("a rating from Luis's current supervisor" in d for d in said)
    assert any("the supervision Luis provides" in d for d in said)
    assert any(d.startswith("Luis's membership expired") for d in said)
    assert [d for d in said if YOUR_WORDS.search(d)] == []


def test_the_same_figures_whoever_reads():
    mine = evaluate(EVERYTHING, [], TWO_PROVIDERS, TODAY, RECORD)
    theirs = evaluate(EVERYTHING, [], TWO_PROVIDERS, TODAY, RECORD, voice=Voice("Luis"))
    assert [(r.code, r.have, r.met, r.state) for r in mine.results] == [
        (r.code, r.have, r.met, r.state) for r in theirs.results
    ]


def test_requirement_names_follow_the_reader():
    report = evaluate(EVERYTHING, [], TWO_PROVIDERS, TODAY, RECORD)
    labels = {r.code: r.label for r in requirement_rows(report, Voice("Luis"))}
    assert labels["rsc_providers"] == "Share of RSC from Luis's main provider"
    assert labels["rsc_about_providing_hours"] == "RSC about the supervision Luis provides"
    assert {r.label for r in requirement_rows(report)} >= {"Share of RSC from your main provider"}


@pytest.mark.django_db
def test_her_supervisor_reads_her_name_on_the_page(client, login):
    from tests.competencies.factories import category
    from training.users.services import profile_update

    assignment = SupervisionAssignmentFactory()
    trainee = assignment.trainee
    trainee.first_name = "Luis"
    trainee.save()
    profile_update(user=trainee, target_category=category("IFS"))

    own = login(trainee).get(reverse("readiness")).content.decode()
    assert "more hours of verified training." in own and "Luis needs" not in own

    sign_in(client, assignment.supervisor)
    page = client.get(reverse("readiness_of", args=[trainee.pk])).content.decode()
    assert "Luis needs 30 more hours of verified training." in page
    assert "Share of RSC from Luis&#x27;s main provider" in page
    shown = re.findall(r"data-detail>([^<]*)<", page)
    assert shown and [d for d in shown if YOUR_WORDS.search(d)] == []
