import datetime
import io
import zipfile
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.competencies.factories import TrainingRecordFactory, category
from tests.factories import ProfileFactory, SupervisionAssignmentFactory
from training.competencies.models import ProviderQualification
from training.notifications.models import OutboxMessage
from training.readiness import selectors, services, tasks
from training.readiness.enums import ExportStatus
from training.readiness.models import PortfolioExport
from training.reflective_logs.selectors import RscRow

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(trainee, fake_logs):  # noqa: F811
    ProfileFactory(user=trainee, target_category=category("IFS"))
    TrainingRecordFactory(trainee=trainee, title="=HYPERLINK(evil)", hours=Decimal("30"))
    provider = SupervisionAssignmentFactory(trainee=trainee).supervisor
    ProviderQualification.objects.create(supervisor=provider, category=category("IMHS"))
    day = timezone.localdate() - datetime.timedelta(days=3)
    fake_logs.append(RscRow(7, day, 90, provider.pk, "Dr P", True, False, False, day, "f" * 64, ()))
    return trainee


def test_the_portfolio_task_builds_a_pdf_and_csv_bundle(
    applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        export = services.portfolio_request(trainee=applicant)
    assert len(callbacks) == 1  # queued after commit, not run inline
    assert services.portfolio_request(trainee=applicant) == export  # a double click reuses it
    tasks.build_portfolio(export.pk)
    tasks.build_portfolio(export.pk)  # twice is harmless
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    with zipfile.ZipFile(io.BytesIO(export.file.read())) as archive:
        names = set(archive.namelist())
        assert names == {
            "portfolio.pdf",
            "requirements.csv",
            "training.csv",
            "rsc.csv",
            "competency-grid.csv",
        }
        assert archive.read("portfolio.pdf").startswith(b"%PDF")
        rsc_csv = archive.read("rsc.csv").decode()
        assert "f" * 64 in rsc_csv and ",yes" in rsc_csv
        assert "'=HYPERLINK(evil)" in archive.read("training.csv").decode()


def test_only_the_trainee_downloads_their_portfolio(client, applicant, other_trainee):
    export = services.portfolio_request(trainee=applicant)
    services.portfolio_build(export_id=export.pk)
    url = reverse("readiness_portfolio_download", args=[export.pk])
    sign_in(client, other_trainee)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    supervisor = applicant.supervisor_assignments.get().supervisor
    sign_in(client, supervisor)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    sign_in(client, applicant)
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_readiness_page_offers_the_portfolio(login, applicant):
    client = login(applicant)
    response = client.post(reverse("readiness_portfolio_request"))
    assert response.status_code == HTTPStatus.FOUND
    html = client.get(reverse("readiness")).content.decode()
    assert "Prepare my portfolio" in html
    assert PortfolioExport.objects.filter(trainee=applicant).exists()


# --- renewal -------------------------------------------------------------------------------


def test_renewal_has_its_own_progress(trainee):
    today = timezone.localdate()
    ProfileFactory(
        user=trainee, endorsement_held=category("IFS"), endorsed_on=today - datetime.timedelta(300)
    )
    TrainingRecordFactory(trainee=trainee, hours=Decimal("10"), completed_on=today)
    TrainingRecordFactory(trainee=trainee, hours=Decimal("1"), dei=True, completed_on=today)
    # Before the last anniversary: does not count toward this year's renewal.
    TrainingRecordFactory(
        trainee=trainee, hours=Decimal("40"), completed_on=today - datetime.timedelta(400)
    )
    readiness = selectors.readiness_for(trainee=trainee)
    assert 60 < (readiness.renewal_due_on - today).days < 70  # a year after endorsement
    renewal = readiness.renewal
    assert renewal.result("training_hours").have == Decimal("11.00")
    assert renewal.result("training_hours").needed == Decimal(15)
    assert renewal.result("dei_hours").met
    assert renewal.result("rsc_hours").needed == Decimal(12)


def test_renewal_asks_no_rsc_where_the_category_does_not(trainee):
    ProfileFactory(user=trainee, endorsement_held=category("IFA"), endorsed_on=timezone.localdate())
    assert selectors.readiness_for(trainee=trainee).renewal.result("rsc_hours") is None


def test_renewal_reminders_go_once_before_the_date(trainee):
    today = datetime.date(2026, 6, 1)
    ProfileFactory(
        user=trainee, endorsement_held=category("IMHS"), endorsed_on=datetime.date(2025, 7, 1)
    )
    assert services.renewal_reminders_send(today=today - datetime.timedelta(days=40)) == 0
    assert services.renewal_reminders_send(today=today) == 1  # 30 days left: the 60-day one
    assert services.renewal_reminders_send(today=today) == 0
    assert services.renewal_reminders_send(today=datetime.date(2026, 6, 20)) == 1  # 14-day one
    message = OutboxMessage.objects.filter(recipient=trainee).first()
    assert "/readiness/" in message.body
    assert "IMHS" in message.body
