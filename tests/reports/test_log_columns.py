"""Cohort tables show log figures — hours, dates, waits — and never a word of any log."""

import datetime
import io
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.cohorts.factories import CohortFactory
from tests.reflective_logs.factories import CANARY, ReflectiveLogFactory, SupervisionSessionFactory
from training.reflective_logs import services
from training.reflective_logs.models import ReflectiveLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(coordinator, trainee, supervisor):
    signed = SupervisionSessionFactory(provider=supervisor, minutes=90)
    ReflectiveLogFactory(trainee=trainee, session=signed, state="signed_off")
    peer = SupervisionSessionFactory(provider=supervisor, minutes=60, is_peer=True)
    ReflectiveLogFactory(trainee=trainee, session=peer, state="signed_off", paired=False)
    waiting = SupervisionSessionFactory(
        provider=supervisor, minutes=45, held_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    log = ReflectiveLogFactory(trainee=trainee, session=waiting, state="submitted", paired=False)
    ReflectiveLog.objects.filter(pk=log.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=10)
    )
    services.log_comment(
        log_id=log.pk, reviewer=supervisor, section="use_of_self", body=f"Comment {CANARY}"
    )
    return CohortFactory(coordinator=coordinator, trainees=[trainee])


def test_the_cohort_table_shows_signed_rsc_hours_last_log_and_overdue_waits(
    login, coordinator, cohort, trainee
):
    html = login(coordinator).get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    row = html.split(trainee.display_name, 1)[1].split("</tr>", 1)[0]
    assert '<td data-label="RSC hours">1.5</td>' in row  # 90 signed minutes; never the peer one
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert yesterday.strftime("%-d %b %Y") in row
    assert "1 <span" in row and "10 days, overdue" in row


def test_no_coordinator_page_or_export_contains_log_text(login, coordinator, cohort):
    client = login(coordinator)
    pages = [
        reverse("dashboard_coordinator"),
        reverse("cohort_list"),
        reverse("cohort_detail", args=[cohort.pk]),
        reverse("cohort_detail", args=[cohort.pk]) + "?show=waiting&sort=-waiting",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert CANARY not in response.content.decode(), url
    csv = client.get(reverse("cohort_export", args=[cohort.pk, "csv"]))
    assert CANARY not in b"".join(csv.streaming_content).decode()
    xlsx = client.get(reverse("cohort_export", args=[cohort.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    assert not [cell for cell in cells if CANARY in cell]
    assert "Logs waiting for review" in cells


def test_the_supervisee_overview_shows_figures_not_text(login, supervisor, cohort, trainee):
    html = login(supervisor).get(reverse("reports_supervisees")).content.decode()
    assert trainee.display_name in html and "overdue" in html
    assert CANARY not in html
