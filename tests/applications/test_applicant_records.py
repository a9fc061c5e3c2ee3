"""The applicant adds, edits and deletes her education, work and membership records."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.applications.conftest import (
    FORMS,
    MODELS,
    SECRET_FIELD,
    a_membership,
    a_position,
    an_education,
)
from tests.files import still_stored, stored_privately
from tests.records.conftest import PDF_BYTES, png_bytes
from training.applications.enums import VerificationStatus
from training.core.middleware import request_max_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["education", "work", "membership"])
def test_the_applicant_adds_a_record_that_waits_for_verification(login, trainee, kind):
    client = login(trainee)
    assert client.get(reverse(f"applications_{kind}_add")).status_code == HTTPStatus.OK
    response = client.post(reverse(f"applications_{kind}_add"), FORMS[kind])
    assert response.status_code == HTTPStatus.FOUND
    record = MODELS[kind].objects.get(trainee=trainee)
    assert record.status == VerificationStatus.PENDING
    hub = client.get(reverse("applications_home")).content.decode()
    assert "Waiting for verification" in hub


def test_every_work_field_is_saved(login, trainee):
    login(trainee).post(reverse("applications_work_add"), FORMS["work"])
    work = MODELS["work"].objects.get()
    assert (work.position, work.employer, work.age_group) == (
        "Early intervention specialist",
        "Bright Start",
        "both",
    )
    assert str(work.hours_per_week) == "37.5"
    assert work.paid and work.post_degree and work.supervised
    assert not work.leadership and not work.providing_rsc
    assert work.families_served == 25
    assert work.supervisor_email == "robin.head@example.org"
    assert work.ends_on.isoformat() == "2023-12-31"


@pytest.mark.parametrize("kind", ["education", "work", "membership"])
def test_a_double_submit_adds_the_record_once(login, trainee, kind):
    client = login(trainee)
    client.post(reverse(f"applications_{kind}_add"), FORMS[kind])
    client.post(reverse(f"applications_{kind}_add"), FORMS[kind])
    assert MODELS[kind].objects.filter(trainee=trainee).count() == 1


def test_a_transcript_is_stored_privately_under_a_random_name(login, trainee, transcript):
    data = FORMS["education"] | {"transcript": transcript}
    login(trainee).post(reverse("applications_education_add"), data)
    record = MODELS["education"].objects.get()
    assert record.transcript_content_type == "application/pdf"
    assert stored_privately(record.transcript)
    assert "my transcript" not in record.transcript.name


@pytest.mark.parametrize(
    ("kind", "overrides", "message"),
    [
        ("education", {"field": ""}, "This field is required"),
        ("education", {"level": "doctorate-ish"}, "Select a valid choice"),
        ("education", {"completed_on": "2999-01-01"}, "once you have completed it"),
        ("work", {"ends_on": "2018-01-01"}, "on or after the start date"),
        ("work", {"hours_per_week": "0.2"}, "between 0.5 and 80"),
        ("work", {"hours_per_week": "81"}, "between 0.5 and 80"),
        ("work", {"families_served": "-1"}, "greater than or equal to 0"),
        ("work", {"supervisor_email": "not-an-email"}, "valid email"),
        ("work", {"age_group": "teens"}, "Select a valid choice"),
        ("work", {"duties": ""}, "This field is required"),
        ("membership", {"expires_on": "soon"}, "Enter a valid date"),
        ("membership", {"number": ""}, "This field is required"),
    ],
)
def test_bad_input_re_renders_with_a_clear_message_and_keeps_what_was_typed(
    login, trainee, kind, overrides, message
):
    data = FORMS[kind] | overrides
    response = login(trainee).post(reverse(f"applications_{kind}_add"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert message in html
    assert "is-invalid" in html
    kept = next(value for name, value in data.items() if name not in overrides and len(value) > 6)
    assert kept in html
    assert not MODELS[kind].objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("transcript.pdf", b"<html>hello</html>", "not a PDF, PNG or JPEG"),
        ("transcript.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "could not be read"),
    ],
    ids=["html named pdf", "broken png"],
)
def test_a_bad_transcript_is_refused_with_a_clear_message(login, trainee, name, content, message):
    upload = SimpleUploadedFile(name, content)
    data = FORMS["education"] | {"transcript": upload}
    response = login(trainee).post(reverse("applications_education_add"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert message in html
    assert "Lakeside University" in html
    assert not MODELS["education"].objects.exists()


def test_an_oversized_transcript_is_refused(login, trainee, settings):
    settings.ATTUNE_CERTIFICATE_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048)
    data = FORMS["education"] | {"transcript": upload}
    response = login(trainee).post(reverse("applications_education_add"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "can be at most 1.0\xa0KB" in response.content.decode()
    assert not MODELS["education"].objects.exists()


def _verify(record, by):
    record.verified, record.verified_by, record.verified_at = True, by, timezone.now()
    record.save()


@pytest.mark.parametrize(
    ("kind", "make", "change"),
    [
        ("education", an_education, {"institution": "Another College"}),
        ("work", a_position, {"families_served": "31"}),
        ("membership", a_membership, {"number": "M-78"}),
    ],
)
def test_editing_a_verified_record_makes_it_wait_for_verification_again(
    login, trainee, coordinator, kind, make, change
):
    record = make(trainee)
    _verify(record, coordinator)
    client = login(trainee)
    edit = reverse(f"applications_{kind}_edit", args=[record.pk])
    page = client.get(edit).content.decode()
    assert "waits for your coordinator's verification again" in page
    response = client.post(edit, FORMS[kind] | change)
    assert response.status_code == HTTPStatus.FOUND
    record.refresh_from_db()
    assert record.status == VerificationStatus.PENDING
    assert record.verified_by is None and record.verified_at is None


def test_saving_a_verified_record_unchanged_keeps_it_verified(login, trainee, coordinator):
    record = a_membership(trainee, number="M-1", expires_on=timezone.localdate().replace(year=2031))
    _verify(record, coordinator)
    data = {
        "association": record.association,
        "number": "M-1",
        "expires_on": record.expires_on.isoformat(),
    }
    login(trainee).post(reverse("applications_membership_edit", args=[record.pk]), data)
    record.refresh_from_db()
    assert record.verified


def test_a_returned_record_is_changed_and_resubmitted(login, trainee, coordinator):
    record = a_membership(trainee)
    record.rejected_at, record.rejected_reason = timezone.now(), "The number is missing a digit."
    record.verified_by = coordinator
    record.save()
    client = login(trainee)
    hub = client.get(reverse("applications_home")).content.decode()
    assert "Returned for changes" in hub and "The number is missing a digit." in hub
    edit = reverse("applications_membership_edit", args=[record.pk])
    assert "The number is missing a digit." in client.get(edit).content.decode()
    response = client.post(edit, FORMS["membership"])
    assert response.status_code == HTTPStatus.FOUND
    record.refresh_from_db()
    assert record.status == VerificationStatus.PENDING
    assert record.rejected_at is None and record.rejected_reason == ""


def test_a_new_transcript_replaces_the_old_file(
    login, trainee, transcript, django_capture_on_commit_callbacks
):
    client = login(trainee)
    client.post(
        reverse("applications_education_add"), FORMS["education"] | {"transcript": transcript}
    )
    record = MODELS["education"].objects.get()
    old = (record.transcript.storage, record.transcript.name)
    png = SimpleUploadedFile("scan.png", png_bytes())
    edit = reverse("applications_education_edit", args=[record.pk])
    with_png = FORMS["education"] | {"transcript": png}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, with_png).status_code == HTTPStatus.FOUND
    record.refresh_from_db()
    assert record.transcript_content_type == "image/png"
    assert not still_stored(old)
    assert still_stored(record.transcript)


def test_editing_without_a_new_file_keeps_the_transcript(login, trainee, transcript):
    client = login(trainee)
    client.post(
        reverse("applications_education_add"), FORMS["education"] | {"transcript": transcript}
    )
    record = MODELS["education"].objects.get()
    name = record.transcript.name
    edit = reverse("applications_education_edit", args=[record.pk])
    client.post(edit, FORMS["education"] | {"field": "Child development"})
    record.refresh_from_db()
    assert record.transcript.name == name and record.field == "Child development"


@pytest.mark.parametrize(
    ("kind", "make"),
    [("education", an_education), ("work", a_position), ("membership", a_membership)],
)
def test_the_applicant_deletes_a_record_after_confirming(login, trainee, kind, make):
    record = make(trainee)
    client = login(trainee)
    url = reverse(f"applications_{kind}_delete", args=[record.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    assert MODELS[kind].objects.filter(pk=record.pk).exists()
    assert client.post(url).status_code == HTTPStatus.FOUND
    assert not MODELS[kind].objects.filter(pk=record.pk).exists()


def test_deleting_an_education_removes_its_transcript(
    login, trainee, transcript, django_capture_on_commit_callbacks
):
    client = login(trainee)
    client.post(
        reverse("applications_education_add"), FORMS["education"] | {"transcript": transcript}
    )
    record = MODELS["education"].objects.get()
    stored = (record.transcript.storage, record.transcript.name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications_education_delete", args=[record.pk]))
    assert not still_stored(stored)


def test_the_hub_lists_each_kind_with_its_status(login, trainee, records):
    html = login(trainee).get(reverse("applications_home")).content.decode()
    assert SECRET_FIELD in html
    assert records["work"].employer in html
    assert records["membership"].association in html
    assert "/application/references/" in html


@pytest.mark.parametrize("path", ["/application/education/add/", "/application/education/7/edit/"])
def test_a_transcript_as_large_as_a_certificate_gets_through_the_body_limit(path):
    assert request_max_bytes(path) == request_max_bytes("/training/add/") > 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("kind", "make", "bad", "message"),
    [
        ("education", an_education, {"institution": ""}, "This field is required"),
        ("work", a_position, {"hours_per_week": "120"}, "between 0.5 and 80"),
        ("membership", a_membership, {"expires_on": "2026-02-30"}, "Enter a valid date"),
    ],
)
def test_bad_input_on_an_edit_changes_nothing_and_keeps_what_was_typed(
    login, trainee, kind, make, bad, message
):
    record = make(trainee)
    before = MODELS[kind].objects.filter(pk=record.pk).values().get()
    url = reverse(f"applications_{kind}_edit", args=[record.pk])
    response = login(trainee).post(url, FORMS[kind] | bad)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert message in html
    typed = next(v for k, v in FORMS[kind].items() if k not in bad and len(v) > 6)
    assert typed in html
    assert MODELS[kind].objects.filter(pk=record.pk).values().get() == before
