"""The cohort table's readiness column agrees with the readiness page for every trainee."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.applications.factories import (
    accept_agreements,
    complete_application,
    education,
    membership,
    reference,
    work,
)
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import (
    ProviderQualificationFactory,
    TrainingRecordFactory,
    category,
)
from tests.factories import UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory, SupervisionSessionFactory
from training.readiness.selectors import readiness_for, readiness_reports
from training.reports.models import ProgressSnapshot
from training.reports.progress import progress_rows
from training.users.services import profile_update

pytestmark = pytest.mark.django_db


def trainee_aiming_at(
    code: str | None, *, hours: int, rsc_sessions: int, supervisor, complete: bool = False
):
    trainee = UserFactory(trainee=True)
    if code:
        profile_update(user=trainee, target_category=category(code))
    if complete:
        complete_application(trainee)
    for n in range(hours // 6):
        TrainingRecordFactory(trainee=trainee, dei=n == 0, about_rsc=n == 1)
    for n in range(rsc_sessions):
        session = SupervisionSessionFactory(
            provider=supervisor,
            minutes=60,
            held_on=timezone.localdate() - datetime.timedelta(days=10 + n),
            is_peer=n == 0,
        )
        ReflectiveLogFactory(trainee=trainee, session=session, state="signed_off", paired=n == 0)
    return trainee


@pytest.fixture
def trainees(supervisor):
    ProviderQualificationFactory(supervisor=supervisor, category=category("IMHM-C"))
    unqualified = UserFactory(supervisor=True)
    return [
        trainee_aiming_at("IFS", hours=36, rsc_sessions=4, supervisor=supervisor),
        trainee_aiming_at("IMHS", hours=12, rsc_sessions=2, supervisor=unqualified),
        # Ready to apply: hours and everything else the category asks.
        trainee_aiming_at("IFA", hours=30, rsc_sessions=0, supervisor=supervisor, complete=True),
        trainee_aiming_at(None, hours=6, rsc_sessions=1, supervisor=supervisor),
    ]


def test_batch_reports_equal_the_one_trainee_reports(trainees):
    today = timezone.localdate()
    batch = readiness_reports([t.pk for t in trainees], as_of=today)
    for trainee in trainees:
        assert batch[trainee.pk] == readiness_for(trainee=trainee, as_of=today).report
    assert batch[trainees[2].pk].ready is True
    assert batch[trainees[3].pk] is None


def test_the_table_shows_requirements_met_of_all_and_filters_the_ready(
    login, coordinator, trainees
):
    cohort = CohortFactory(coordinator=coordinator, trainees=trainees)
    rows = {row.user.pk: row for row in progress_rows([t.pk for t in trainees])}
    ready = rows[trainees[2].pk]
    # IFA: training hours, education, references, agreements and membership.
    assert (ready.requirements_met, ready.requirements_total, ready.ready) == (5, 5, True)
    assert rows[trainees[3].pk].requirements_total is None
    html = (
        login(coordinator)
        .get(reverse("cohort_detail", args=[cohort.pk]), {"show": "ready"})
        .content.decode()
    )
    table = html.split('id="cohort-table"', 1)[1].split("</table>", 1)[0]
    assert trainees[2].display_name in table
    assert trainees[0].display_name not in table and trainees[1].display_name not in table


def test_readiness_costs_the_same_queries_for_one_trainee_as_for_four(trainees):
    with CaptureQueriesContext(connection) as one:
        progress_rows([trainees[0].pk])
    with CaptureQueriesContext(connection) as four:
        progress_rows([t.pk for t in trainees])
    assert len(four) == len(one)


def test_application_records_cost_no_query_per_trainee_or_record(trainees):
    with CaptureQueriesContext(connection) as before:
        progress_rows([t.pk for t in trainees])
    ProgressSnapshot.objects.all().delete()
    for trainee in trainees[:3]:
        for _ in range(3):
            education(trainee)
            work(trainee)
            membership(trainee)
            reference(trainee)
        accept_agreements(trainee)
    with CaptureQueriesContext(connection) as after:
        progress_rows([t.pk for t in trainees])
    assert len(after) == len(before)


def test_the_cohort_page_charts_how_many_trainees_stand_in_each_readiness_band(
    login, coordinator, trainees
):
    cohort = CohortFactory(coordinator=coordinator, trainees=trainees)
    html = login(coordinator).get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    chart = html.split('id="chart-readiness-title"', 1)[1].split("</figure>", 1)[0]
    assert '<th scope="row" class="fw-normal">Ready</th><td>1</td>' in chart
    assert '<th scope="row" class="fw-normal">No target chosen</th><td>1</td>' in chart


def _row(trainee):
    return progress_rows([trainee.pk])[0]


def test_the_table_reads_todays_snapshot_and_recomputes_after_any_change(trainees):
    trainee = trainees[2]  # aims at IFA and is ready
    assert _row(trainee).ready
    assert ProgressSnapshot.objects.filter(trainee=trainee).exists()

    # A new target empties the snapshot, so the table follows at once.
    profile_update(user=trainee, target_category=category("IMHS"))
    assert not _row(trainee).ready

    # So do new training and signed logs.
    snapshot = ProgressSnapshot.objects.filter(trainee=trainee)
    _row(trainee)
    TrainingRecordFactory(trainee=trainee, hours=40)
    assert not snapshot.exists()
    _row(trainee)
    ReflectiveLogFactory(trainee=trainee, state="signed_off")
    assert not snapshot.exists()
    # And every record the application asks for beyond hours.
    for add in (education, work, membership, accept_agreements, reference):
        _row(trainee)
        assert snapshot.exists()
        add(trainee)
        assert not snapshot.exists(), add.__name__


def test_a_snapshot_from_yesterday_is_never_read(trainees):
    trainee = trainees[2]
    ProgressSnapshot.objects.create(
        trainee=trainee,
        computed_on=timezone.localdate() - datetime.timedelta(days=1),
        requirements_met=0,
        requirements_total=5,
    )
    row = _row(trainee)
    assert (row.requirements_met, row.requirements_total) == (5, 5)


def test_a_new_provider_qualification_refreshes_everyones_readiness(trainees):
    trainee = trainees[1]  # aims at IMHS with RSC from an unqualified supervisor
    before = _row(trainee).requirements_met
    provider = trainee.reflective_logs.first().session.provider
    ProviderQualificationFactory(
        supervisor=provider, vetted_by_association=True, category=trainee.profile.target_category
    )
    assert not ProgressSnapshot.objects.exists()
    assert _row(trainee).requirements_met >= before


def test_the_daily_task_computes_every_trainees_snapshot(trainees, monkeypatch):
    from training.reports.tasks import refresh_progress_snapshot_batch, refresh_progress_snapshots

    # Each batch it queues runs here, as a worker would run it (a real broker has no worker).
    monkeypatch.setattr(
        refresh_progress_snapshot_batch,
        "delay",
        lambda *args: refresh_progress_snapshot_batch(*args),
    )
    assert refresh_progress_snapshots() == len(trainees)
    snapshot = ProgressSnapshot.objects.get(trainee=trainees[0])
    assert snapshot.computed_on == timezone.localdate()
    assert snapshot.rsc_minutes == 180  # four sessions of an hour; the peer one does not count


def test_a_providers_degree_change_refreshes_their_supervisees_readiness(trainees):
    """The IFS rule reads the provider's degree: a change to it must reach the cohort table."""
    trainee = trainees[0]  # has signed RSC from `supervisor`, who is in the registry
    provider = trainee.reflective_logs.first().session.provider
    _row(trainee)
    assert ProgressSnapshot.objects.filter(trainee=trainee).exists()
    profile_update(user=provider, degree="master_or_higher")
    assert not ProgressSnapshot.objects.filter(trainee=trainee).exists()
