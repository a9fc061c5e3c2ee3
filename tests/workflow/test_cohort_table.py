"""The cohort table's Application column and filter, the export's columns, and the page's
queries staying flat as trainees and applications grow."""

import csv
import io
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cohorts.factories import CohortFactory
from tests.factories import UserFactory
from tests.workflow.conftest import days_ago
from training.cohorts.models import CohortMembership
from training.reports import progress
from training.reports.progress import ProgressRow, TableState

pytestmark = pytest.mark.django_db

STATUSES = ["preparing", "submitted", "under_review", "endorsed", "returned"]


def _named(last_name):
    return UserFactory(trainee=True, first_name="T", last_name=last_name)


def _cells(body: str, table_id: str = "cohort-table") -> str:
    start = body.index(f'id="{table_id}"')
    return body[start : body.index("</table>", start)]


def test_the_column_shows_each_trainees_latest_application_and_its_day(
    login, coordinator, ifa, advance
):
    people = {status: _named(f"Person-{status}") for status in STATUSES}
    nobody = _named("Person-none")
    cohort = CohortFactory(coordinator=coordinator, trainees=[*people.values(), nobody])
    for status, person in people.items():
        advance(person, ifa, status)
    body = _cells(
        login(coordinator).get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    )
    assert '<th scope="col">Application</th>' in body
    for label in ("Preparing", "Submitted", "Under review", "Endorsed", "Returned", "None yet"):
        assert label in body
    # Submitted rows show the day submitted; the endorsed row the day endorsed.
    assert days_ago(20).strftime("%-d %b %Y") in body
    assert days_ago(2).strftime("%-d %b %Y") in body
    link = reverse("cohort_application", args=[cohort.pk, nobody.pk])
    assert f'href="{link}"' in body


def test_the_filter_shows_only_trainees_with_that_application_status(
    login, coordinator, ifa, advance
):
    people = {status: _named(f"Person-{status}") for status in STATUSES}
    nobody = _named("Person-none")
    cohort = CohortFactory(coordinator=coordinator, trainees=[*people.values(), nobody])
    for status, person in people.items():
        advance(person, ifa, status)
    client = login(coordinator)
    url = reverse("cohort_detail", args=[cohort.pk])
    for status in [*STATUSES, "none"]:
        body = _cells(client.get(url, {"application": status}).content.decode())
        shown = {s for s in [*STATUSES, "none"] if f"Person-{s}<" in body}
        assert shown == {status}, status
    everyone = client.get(url, {"application": "nonsense"}).content.decode()
    assert all(f"Person-{s}<" in everyone for s in STATUSES)


def test_sort_and_page_links_keep_the_application_filter():
    table = TableState.from_query({"application": "submitted", "show": "ready", "sort": "rsc"})
    assert table.filter_query == "show=ready&application=submitted"
    assert all("&application=submitted" in header["query"] for header in table.headers())


@pytest.mark.parametrize(
    ("row", "verdict"),
    [
        (
            ProgressRow(user=None, requirements_met=9, requirements_total=10, ready=True),
            "Ready to apply",
        ),
        (
            ProgressRow(user=None, requirements_met=8, requirements_total=10, awaiting_others=True),
            "Waiting for others",
        ),
        (ProgressRow(user=None, requirements_met=3, requirements_total=10), ""),
        (ProgressRow(user=None), ""),
    ],
)
def test_the_readiness_verdict_reads_as_the_table_shows_it(row, verdict):
    assert row.readiness_verdict == verdict


def test_the_readiness_column_says_n_of_m_met_and_ready_to_apply(login, coordinator, monkeypatch):
    person = _named("Person-ready")
    cohort = CohortFactory(coordinator=coordinator, trainees=[person])

    def ready(rows, ids, today):
        for row in rows.values():
            row.requirements_met, row.requirements_total, row.ready = 13, 14, True

    monkeypatch.setattr(progress, "FILLERS", [*progress.FILLERS, ready])
    client = login(coordinator)
    body = _cells(client.get(reverse("cohort_detail", args=[cohort.pk])).content.decode())
    assert "13 of 14 met" in body and "Ready to apply</span>" in body
    ready_only = client.get(reverse("cohort_detail", args=[cohort.pk]), {"show": "ready"})
    assert "Person-ready<" in _cells(ready_only.content.decode())


def test_the_export_has_the_readiness_verdict_and_the_application(login, coordinator, ifa, advance):
    endorsed, preparing = _named("Person-endorsed"), _named("Person-preparing")
    cohort = CohortFactory(coordinator=coordinator, trainees=[endorsed, preparing])
    advance(endorsed, ifa, "endorsed")
    advance(preparing, ifa, "preparing")
    response = login(coordinator).get(reverse("cohort_export", args=[cohort.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_name = {row["Name"]: row for row in rows}
    assert {"Ready to apply", "Application", "Application submitted", "Endorsed on"} <= set(rows[0])
    assert by_name[endorsed.display_name]["Application"] == "Endorsed"
    assert by_name[endorsed.display_name]["Application for"] == "IFA"
    assert by_name[endorsed.display_name]["Application submitted"] == days_ago(20).isoformat()
    assert by_name[endorsed.display_name]["Endorsed on"] == days_ago(2).isoformat()
    assert by_name[preparing.display_name]["Application"] == "Preparing"


def test_the_cohort_pages_queries_do_not_grow_with_trainees_and_applications(
    login, coordinator, ifa, advance
):
    cohort = CohortFactory(coordinator=coordinator)
    client = login(coordinator)
    url = reverse("cohort_detail", args=[cohort.pk])

    def add(count):
        for index in range(count):
            person = UserFactory(trainee=True)
            CohortMembership.objects.create(cohort=cohort, trainee=person)
            advance(person, ifa, STATUSES[index % len(STATUSES)])

    def queries() -> int:
        client.get(url)  # the first view after changes computes and stores snapshots
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        return len(captured)

    add(10)
    ten = queries()
    add(20)
    assert queries() == ten
    filtered = client.get(url, {"application": "endorsed"})
    assert filtered.status_code == HTTPStatus.OK
