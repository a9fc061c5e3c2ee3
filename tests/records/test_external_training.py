from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import TrainingRecordFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.files import stored_privately
from tests.records.conftest import PDF_BYTES, png_bytes
from training.competencies.models import Competency
from training.records.enums import EvidenceKind, TrainingSource
from training.records.models import TrainingRecord

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "Attachment across the first year",
        "sponsor": "Regional IECMH Association",
        "evidence_kind": EvidenceKind.SERIES,
        "starts_on": "2026-03-01",
        "completed_on": "2026-03-03",
        "hours": "12.5",
        "dei": "on",
    }
    data.update(overrides)
    return data


def test_a_trainee_records_external_training_that_waits_for_verification(
    login, trainee, pdf_upload
):
    competency = Competency.objects.create(
        domain=_domain(), name="Attachment, separation, trauma, grief & loss"
    )
    response = login(trainee).post(
        reverse("records_training_add"),
        form_data(certificate=pdf_upload, competencies=[competency.pk]),
    )
    assert response.status_code == HTTPStatus.FOUND
    record = TrainingRecord.objects.get(trainee=trainee)
    assert record.source == TrainingSource.EXTERNAL
    assert not record.verified
    assert record.sponsor == "Regional IECMH Association"
    assert record.dei and not record.about_rsc
    assert list(record.competencies.all()) == [competency]
    assert record.certificate_content_type == "application/pdf"
    assert stored_privately(record.certificate)
    assert "certificate.pdf" not in record.certificate.name  # a random name on disk


def _domain():
    from training.competencies.models import CompetencyFramework, Domain

    framework = CompetencyFramework.objects.create(name="Test framework")
    return Domain.objects.create(framework=framework, name="Theoretical Foundations")


def test_a_double_submit_records_the_training_once(login, trainee):
    client = login(trainee)
    client.post(reverse("records_training_add"), form_data())
    client.post(reverse("records_training_add"), form_data())
    assert TrainingRecord.objects.filter(trainee=trainee).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("certificate.pdf", b"<html><script>alert(1)</script></html>", "not a PDF, PNG or JPEG"),
        ("certificate.png", b"MZ\x90\x00 pretending to be an image", "not a PDF, PNG or JPEG"),
        ("certificate.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "could not be read"),
    ],
    ids=["html named pdf", "executable named png", "broken png"],
)
def test_a_hostile_upload_is_refused_with_a_clear_message(login, trainee, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = login(trainee).post(reverse("records_training_add"), form_data(certificate=upload))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    assert not TrainingRecord.objects.filter(trainee=trainee).exists()


def test_an_oversized_upload_is_refused(login, trainee, settings):
    settings.ATTUNE_CERTIFICATE_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048)
    response = login(trainee).post(reverse("records_training_add"), form_data(certificate=upload))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "certificates can be at most 1.0\xa0KB" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_a_png_certificate_is_accepted(login, trainee):
    upload = SimpleUploadedFile("scan.PNG", png_bytes())
    login(trainee).post(reverse("records_training_add"), form_data(certificate=upload))
    assert TrainingRecord.objects.get().certificate_content_type == "image/png"


@pytest.mark.parametrize(
    "overrides",
    [
        {"hours": "0"},
        {"hours": "-3"},
        {"hours": "1.1"},
        {"hours": "99999"},
        {"completed_on": "2999-01-01"},
        {"starts_on": "2026-04-01"},
        {"title": ""},
        {"evidence_kind": "rumour"},
    ],
)
def test_bad_input_re_renders_with_errors(login, trainee, overrides):
    response = login(trainee).post(reverse("records_training_add"), form_data(**overrides))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "is-invalid" in response.content.decode()
    assert not TrainingRecord.objects.exists()


# --- certificates: only people who may see the record ---------------------------------------


@pytest.fixture
def record_with_certificate(login, trainee, pdf_upload):
    login(trainee).post(reverse("records_training_add"), form_data(certificate=pdf_upload))
    return TrainingRecord.objects.get(trainee=trainee)


def test_the_owner_downloads_their_certificate_as_an_unsniffed_attachment(
    client, trainee, record_with_certificate
):
    sign_in(client, trainee)
    response = client.get(
        reverse("records_training_certificate", args=[record_with_certificate.pk])
    )
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_another_trainee_gets_404_for_a_certificate(client, other_trainee, record_with_certificate):
    sign_in(client, other_trainee)
    response = client.get(
        reverse("records_training_certificate", args=[record_with_certificate.pk])
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert PDF_BYTES not in response.content


def test_the_supervisor_may_download_it_and_an_unrelated_one_may_not(
    client, trainee, record_with_certificate
):
    url = reverse("records_training_certificate", args=[record_with_certificate.pk])
    mine = SupervisionAssignmentFactory(trainee=trainee).supervisor
    sign_in(client, mine)
    assert client.get(url).status_code == HTTPStatus.OK
    sign_in(client, UserFactory(supervisor=True, with_mfa=True))
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_there_is_no_direct_url_to_a_certificate(client, trainee, record_with_certificate):
    sign_in(client, trainee)
    name = record_with_certificate.certificate.name
    assert client.get(f"/media/{name}").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"{settings.MEDIA_URL}{Path(name).name}").status_code == HTTPStatus.NOT_FOUND


# --- the verification queue ---------------------------------------------------------------


def test_a_supervisor_sees_and_verifies_only_their_supervisees_training(login, supervisor, trainee):
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    mine = TrainingRecordFactory(trainee=trainee, pending=True, title="Mine to check")
    theirs = TrainingRecordFactory(pending=True, title="Someone else's")
    client = login(supervisor)
    html = client.get(reverse("records_verification_queue")).content.decode()
    assert "Mine to check" in html
    assert "Someone else" not in html
    response = client.post(reverse("records_training_verify", args=[mine.pk]))
    assert response.status_code == HTTPStatus.FOUND
    mine.refresh_from_db()
    assert mine.verified and mine.verified_by == supervisor
    assert (
        client.post(reverse("records_training_verify", args=[theirs.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )
    theirs.refresh_from_db()
    assert not theirs.verified


def test_verifying_twice_changes_nothing(login, supervisor, trainee):
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    record = TrainingRecordFactory(trainee=trainee, pending=True)
    client = login(supervisor)
    client.post(reverse("records_training_verify", args=[record.pk]))
    record.refresh_from_db()
    first = record.verified_at
    client.post(reverse("records_training_verify", args=[record.pk]))
    record.refresh_from_db()
    assert record.verified_at == first


def test_a_cohort_coordinator_rejects_with_a_reason(login, coordinator, trainee):
    CohortFactory(coordinator=coordinator, trainees=[trainee])
    record = TrainingRecordFactory(trainee=trainee, pending=True)
    client = login(coordinator)
    url = reverse("records_training_reject", args=[record.pk])
    assert client.post(url, {"reason": "  "}).status_code == HTTPStatus.BAD_REQUEST
    response = client.post(url, {"reason": "The certificate shows 6 hours, not 12."})
    assert response.status_code == HTTPStatus.FOUND
    record.refresh_from_db()
    assert record.rejected_at and not record.verified
    assert record not in TrainingRecord.objects.pending()
    mine = login(trainee).get(reverse("records_training_list")).content.decode()
    assert "The certificate shows 6 hours, not 12." in mine


def test_a_coordinator_of_another_cohort_cannot_verify(login, coordinator, trainee):
    CohortFactory(trainees=[trainee])
    record = TrainingRecordFactory(trainee=trainee, pending=True)
    client = login(coordinator)
    assert record.title not in client.get(reverse("records_verification_queue")).content.decode()
    response = client.post(reverse("records_training_verify", args=[record.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_trainees_have_no_verification_queue_and_cannot_verify_their_own(login, trainee):
    record = TrainingRecordFactory(trainee=trainee, pending=True)
    client = login(trainee)
    assert client.get(reverse("records_verification_queue")).status_code == HTTPStatus.FORBIDDEN
    response = client.post(reverse("records_training_verify", args=[record.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    record.refresh_from_db()
    assert not record.verified


def test_course_records_are_not_in_the_queue(login, supervisor, trainee):
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    record = TrainingRecordFactory(trainee=trainee, source=TrainingSource.COURSE, verified=False)
    response = login(supervisor).post(reverse("records_training_verify", args=[record.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
