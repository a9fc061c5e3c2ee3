"""Earlier RSC counts like signed RSC, month by month: each calendar month of its dates gets its
share of the hours (by days) and is judged on its own date, for the window and for the
provider's qualification. Nothing counts until the provider attests or a coordinator verifies."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.competencies.factories import category
from tests.factories import ProfileFactory, UserFactory
from training.competencies.models import ProviderQualification
from training.earlier_rsc.selectors import (
    KIND,
    apportion_minutes,
    earlier_rows_by_trainee,
    month_source_id,
    month_spans,
    record_id_of,
)
from training.readiness import packet
from training.readiness.engine import (
    COUNTED,
    NOT_SIGNED,
    OUTSIDE_WINDOW,
    PROVIDER_NOT_QUALIFIED,
)
from training.readiness.portfolio import portfolio_zip
from training.readiness.selectors import readiness_for

from .factories import earlier_record

pytestmark = pytest.mark.django_db

# IMHS counts RSC of the 24 months up to the day readiness is judged.
AS_OF = datetime.date(2026, 6, 15)  # window: after 15 Jun 2024


def _provider(name, **qualification):
    provider = UserFactory(supervisor=True, first_name=name, last_name="Provider")
    ProviderQualification.objects.create(
        supervisor=provider, category=category("IMHM-C"), **qualification
    )
    return provider


@pytest.fixture
def applicant(trainee):
    ProfileFactory(user=trainee, target_category=category("IMHS"))
    return trainee


def _reasons(trainee, record, as_of=AS_OF):
    report = readiness_for(trainee=trainee, as_of=as_of).report
    found = {}
    for first, _days in month_spans(record.starts_on, record.ends_on):
        outcome = report.outcome(KIND, month_source_id(record.pk, first))
        found[first.strftime("%Y-%m")] = outcome.reason if outcome else None
    return found


def test_hours_are_shared_by_days_across_the_calendar_months():
    spans = month_spans(datetime.date(2024, 5, 1), datetime.date(2024, 7, 31))
    assert spans == [
        (datetime.date(2024, 5, 1), 31),
        (datetime.date(2024, 6, 1), 30),
        (datetime.date(2024, 7, 1), 31),
    ]
    assert apportion_minutes(Decimal("9.2"), spans) == [186, 180, 186]
    # Whole minutes that always add up to the record's total.
    odd = month_spans(datetime.date(2024, 1, 20), datetime.date(2024, 3, 3))
    assert sum(apportion_minutes(Decimal("1.01"), odd)) == 61
    assert month_spans(datetime.date(2024, 2, 29), datetime.date(2024, 2, 29)) == [
        (datetime.date(2024, 2, 29), 1)
    ]


def test_each_month_is_its_own_row_traced_back_to_the_record(applicant):
    provider = _provider("Wendy")
    record = earlier_record(
        applicant,
        provider,
        state="attested",
        starts_on=datetime.date(2025, 1, 10),
        ends_on=datetime.date(2025, 3, 9),
        hours=Decimal("6"),
    )
    rows = earlier_rows_by_trainee([applicant.pk])[applicant.pk]
    assert [row.held_on for row in rows] == [
        datetime.date(2025, 1, 10),
        datetime.date(2025, 2, 1),
        datetime.date(2025, 3, 1),
    ]
    assert sum(row.minutes for row in rows) == 360
    assert {row.kind for row in rows} == {"rsc_earlier"}
    assert {record_id_of(row.log_id) for row in rows} == {record.pk}
    assert all(row.signed_off and row.sha256 == record.sha256 for row in rows)


def test_the_window_applies_to_each_month(applicant):
    record = earlier_record(
        applicant,
        _provider("Wendy"),
        state="attested",
        starts_on=datetime.date(2024, 5, 1),
        ends_on=datetime.date(2024, 7, 31),
        hours=Decimal("9.2"),
    )
    # June is dated by its first day in the range, 1 June: before the window opens.
    assert _reasons(applicant, record) == {
        "2024-05": OUTSIDE_WINDOW,
        "2024-06": OUTSIDE_WINDOW,
        "2024-07": COUNTED,
    }
    rsc = readiness_for(trainee=applicant, as_of=AS_OF).report
    counted_minutes = sum(
        row.minutes
        for row in earlier_rows_by_trainee([applicant.pk])[applicant.pk]
        if rsc.outcome(KIND, row.log_id).counted
    )
    assert counted_minutes == 186


def test_the_providers_qualification_applies_to_each_month(applicant):
    provider = _provider(
        "Qira", starts_on=datetime.date(2025, 2, 10), expires_on=datetime.date(2027, 1, 1)
    )
    record = earlier_record(
        applicant,
        provider,
        state="verified",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 3, 31),
    )
    assert _reasons(applicant, record) == {
        "2025-01": PROVIDER_NOT_QUALIFIED,
        "2025-02": PROVIDER_NOT_QUALIFIED,  # 1 Feb, before the qualification began
        "2025-03": COUNTED,
    }


@pytest.mark.parametrize("state", ["waiting_provider", "waiting_coordinator"])
def test_a_waiting_record_is_shown_as_not_signed_and_does_not_count(applicant, state):
    record = earlier_record(
        applicant,
        _provider("Wendy"),
        state=state,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 3, 31),
    )
    assert _reasons(applicant, record) == {"2025-03": NOT_SIGNED}


@pytest.mark.parametrize("state", ["draft", "returned"])
def test_a_draft_or_returned_record_is_no_evidence(applicant, state):
    record = earlier_record(
        applicant,
        _provider("Wendy"),
        state=state,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 3, 31),
    )
    assert _reasons(applicant, record) == {"2025-03": None}
    assert earlier_rows_by_trainee([applicant.pk]) == {}


def test_readiness_the_packet_and_the_portfolio_name_each_month(applicant, login):
    today = timezone.localdate()
    provider = _provider("Marta")
    record = earlier_record(
        applicant,
        provider,
        state="attested",
        starts_on=today.replace(day=1) - datetime.timedelta(days=40),
        ends_on=today.replace(day=1) - datetime.timedelta(days=40),
        hours=Decimal("2"),
    )
    label = f"Earlier RSC with Marta Provider, {record.starts_on:%b %Y}"
    page = login(applicant).get(reverse("readiness")).content.decode()
    assert label in page
    assert f'data-outcome="rsc_earlier:{month_source_id(record.pk, record.starts_on)}"' in page
    contents = packet.packet_contents(trainee=applicant)
    assert label in packet.packet_html(contents)
    rsc_csv = packet.packet_files(contents)["rsc.csv"].decode()
    assert label in rsc_csv
    with zipfile.ZipFile(io.BytesIO(portfolio_zip(trainee=applicant))) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("rsc.csv").decode())))
    (row,) = [r for r in rows if label in r]
    assert "yes" in row
