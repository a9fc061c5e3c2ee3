import datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.records.enums import TrainingSource
from training.records.models import TrainingRecord

pytestmark = pytest.mark.django_db


def record(trainee, hours, *, verified=True):
    return TrainingRecord.objects.create(
        trainee=trainee,
        title="Workshop",
        source=TrainingSource.EXTERNAL,
        hours=Decimal(hours),
        completed_on=datetime.date.today(),
        verified=verified,
    )


@pytest.fixture
def people(coordinator, supervisor):
    ada = UserFactory(trainee=True, first_name="Ada", last_name="Abara")
    bo = UserFactory(trainee=True, first_name="Bo", last_name="Bello")
    cy = UserFactory(trainee=True, first_name="Cy", last_name="Cruz")
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=bo)
    record(ada, 3)
    record(bo, 12)
    record(cy, 40, verified=False)  # unverified hours never count
    cohort = CohortFactory(coordinator=coordinator, trainees=[ada, bo, cy])
    return cohort, ada, bo, cy


def table(html: str) -> str:
    return html.split('id="cohort-table"', 1)[1].split("</table>", 1)[0]


def names_in_order(html: str, *names: str) -> list[str]:
    return sorted(names, key=table(html).index)


def test_rows_sort_by_any_column_both_ways(login, coordinator, people):
    cohort, *_ = people
    url = reverse("cohort_detail", args=[cohort.pk])
    client = login(coordinator)
    html = client.get(url, {"sort": "-training"}).content.decode()
    assert names_in_order(html, "Ada Abara", "Bo Bello", "Cy Cruz") == [
        "Bo Bello",
        "Ada Abara",
        "Cy Cruz",
    ]
    assert 'aria-sort="descending"' in html
    html = client.get(url, {"sort": "name"}).content.decode()
    assert names_in_order(html, "Cy Cruz", "Ada Abara", "Bo Bello") == [
        "Ada Abara",
        "Bo Bello",
        "Cy Cruz",
    ]


def test_the_unpaired_filter_shows_only_trainees_without_a_supervisor(login, coordinator, people):
    cohort, *_ = people
    html = (
        login(coordinator)
        .get(reverse("cohort_detail", args=[cohort.pk]), {"show": "unpaired"})
        .content.decode()
    )
    assert "Ada Abara" in table(html) and "Cy Cruz" in table(html)
    assert "Bo Bello" not in table(html)


@pytest.mark.parametrize(
    "query", [{"sort": "'; drop"}, {"show": "<script>"}, {"page": "abc"}, {"page": "999"}]
)
def test_nonsense_in_the_query_string_falls_back_to_defaults(login, coordinator, people, query):
    cohort, *_ = people
    response = login(coordinator).get(reverse("cohort_detail", args=[cohort.pk]), query)
    assert response.status_code == HTTPStatus.OK
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_the_export_counts_only_verified_hours(login, coordinator, people):
    cohort, *_ = people
    response = login(coordinator).get(reverse("cohort_export", args=[cohort.pk, "csv"]))
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert "Training hours (verified)" in lines[0].split(",")
    by_name = {line.split(",")[0]: line for line in lines[1:]}
    assert ",12.00," in by_name["Bo Bello"]
    assert ",0.00," in by_name["Cy Cruz"]


def test_the_cohort_page_charts_verified_hours_by_quarter_with_a_table_alternative(
    login, coordinator, people
):
    cohort, *_ = people
    html = login(coordinator).get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    chart = html.split('id="chart-training-hours-title"', 1)[1].split("</figure>", 1)[0]
    today = datetime.date.today()
    quarter = f"{today.year} Q{(today.month - 1) // 3 + 1}"
    assert 'role="img"' in chart
    # 3 + 12 verified hours this quarter; the 40 unverified hours are not drawn.
    assert f'<th scope="row" class="fw-normal">{quarter}</th><td>15</td>' in chart
