"""A trainee records RSC received before Attune: bad input re-renders with what she typed and a
clear message, a double submit adds one record, and only drafts and returned records change."""

import datetime
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.providers.factories import outside_provider
from training.earlier_rsc.models import EarlierRsc
from training.providers.models import ProviderLink

from .factories import PDF, earlier_record

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def past_supervisor(trainee):
    supervisor = UserFactory(supervisor=True, first_name="Petra", last_name="Pastwell")
    SupervisionAssignmentFactory(
        supervisor=supervisor,
        trainee=trainee,
        starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=TODAY - datetime.timedelta(days=200),
    )
    return supervisor


def _form(provider, **overrides):
    data = {
        "provider": provider.pk,
        "starts_on": (TODAY - datetime.timedelta(days=90)).isoformat(),
        "ends_on": (TODAY - datetime.timedelta(days=30)).isoformat(),
        "format": "individual",
        "hours": "12.5",
        "population": "3_6",
        "post_masters": "on",
        "submission_key": "k" * 24,
    }
    data.update(overrides)
    return data


def test_a_trainee_adds_earlier_rsc_with_a_supervisor_she_was_once_paired_with(
    login, trainee, past_supervisor
):
    client = login(trainee)
    assert "Petra Pastwell" in client.get(reverse("earlier_rsc:add")).content.decode()
    response = client.post(reverse("earlier_rsc:add"), _form(past_supervisor))
    assert response.status_code == HTTPStatus.FOUND
    record = EarlierRsc.objects.get()
    assert (record.trainee, record.provider, record.state) == (trainee, past_supervisor, "draft")
    assert str(record.hours) == "12.50" and record.population == "3_6" and record.post_masters
    assert "Petra Pastwell" in client.get(reverse("earlier_rsc:list")).content.decode()


def test_an_outside_provider_can_be_chosen(login, trainee):
    provider = outside_provider(trainee)
    client = login(trainee)
    response = client.post(reverse("earlier_rsc:add"), _form(provider.account))
    assert response.status_code == HTTPStatus.FOUND
    assert EarlierRsc.objects.get().provider == provider.account


def test_a_double_submit_adds_one_record(login, trainee, past_supervisor):
    client = login(trainee)
    for _ in range(2):
        client.post(reverse("earlier_rsc:add"), _form(past_supervisor))
    assert EarlierRsc.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "ends_on", "future"),
        (
            {"starts_on": (TODAY - datetime.timedelta(days=10)).isoformat(),
             "ends_on": (TODAY - datetime.timedelta(days=20)).isoformat()},
            "starts_on",
            "on or before the last",
        ),
        ({"hours": "0"}, "hours", "above zero"),
        ({"hours": "-3"}, "hours", "above zero"),
        ({"hours": "900"}, "hours", "hours for each day"),
        ({"hours": "lots"}, "hours", "Enter a number"),
        ({"starts_on": "not a date"}, "starts_on", "Enter a valid date"),
        ({"format": "telepathy"}, "format", "Select a valid choice"),
    ],
)  # fmt: skip
def test_bad_input_re_renders_with_a_clear_message_and_keeps_what_was_typed(
    login, trainee, past_supervisor, overrides, field, message
):
    client = login(trainee)
    data = _form(past_supervisor, **overrides)
    response = client.post(reverse("earlier_rsc:add"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    form = response.context["form"]
    assert field in form.errors and message in " ".join(form.errors[field])
    # What she typed is still there.
    assert form.data["hours"] == data["hours"] and form.data["ends_on"] == data["ends_on"]
    assert EarlierRsc.objects.count() == 0
    # The same form can be sent again once corrected.
    assert client.post(reverse("earlier_rsc:add"), _form(past_supervisor)).status_code == 302


def test_a_provider_she_was_never_paired_with_is_refused(login, trainee):
    stranger = UserFactory(supervisor=True)
    response = login(trainee).post(reverse("earlier_rsc:add"), _form(stranger))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "provider" in response.context["form"].errors
    assert EarlierRsc.objects.count() == 0


def test_a_draft_or_returned_record_changes_but_a_sent_one_does_not(
    login, trainee, past_supervisor
):
    client = login(trainee)
    record = earlier_record(trainee, past_supervisor, state="returned")
    url = reverse("earlier_rsc:edit", args=[record.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    response = client.post(url, _form(past_supervisor, hours="7"))
    assert response.status_code == HTTPStatus.FOUND
    record.refresh_from_db()
    assert str(record.hours) == "7.00" and record.state == "draft"
    for state in ("waiting_provider", "waiting_coordinator", "attested", "verified"):
        EarlierRsc.objects.filter(pk=record.pk).update(state=state)
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
        response = client.post(url, _form(past_supervisor, hours="3", submission_key="z" * 24))
        assert response.status_code == HTTPStatus.FORBIDDEN
        record.refresh_from_db()
        assert str(record.hours) == "7.00"
        if state in ("attested", "verified"):
            break  # locked: it stays so


def test_asking_the_provider_emails_a_link_once_per_click(login, trainee, past_supervisor):
    client = login(trainee)
    record = earlier_record(trainee, past_supervisor)
    url = reverse("earlier_rsc:ask", args=[record.pk])
    for _ in range(2):
        response = client.post(url, {"submission_key": "a" * 24})
        assert response.status_code == HTTPStatus.FOUND
    record.refresh_from_db()
    assert record.state == "waiting_provider"
    link = ProviderLink.objects.get()
    assert (link.provider, link.target_id, link.purpose) == (
        past_supervisor,
        record.pk,
        "earlier_rsc",
    )


def test_uploading_a_signed_document_sends_the_record_to_a_coordinator(
    login, trainee, past_supervisor
):
    client = login(trainee)
    record = earlier_record(trainee, past_supervisor)
    url = reverse("earlier_rsc:upload", args=[record.pk])
    bad = client.post(
        url,
        {"document": SimpleUploadedFile("letter.pdf", b"not a pdf"), "submission_key": "b" * 24},
    )
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert "not a PDF, PNG or JPEG" in bad.content.decode()
    record.refresh_from_db()
    assert record.state == "draft" and not record.document
    response = client.post(
        url, {"document": SimpleUploadedFile("letter.pdf", PDF), "submission_key": "c" * 24}
    )
    assert response.status_code == HTTPStatus.FOUND
    again = client.post(url, {"document": SimpleUploadedFile("letter.pdf", PDF)})
    assert again.status_code == HTTPStatus.BAD_REQUEST  # a double submit does one thing
    assert "already with a coordinator" in again.content.decode()
    record.refresh_from_db()
    assert record.state == "waiting_coordinator" and record.document
    assert "letter" not in record.document.name  # her file name never reaches the disk
    download = client.get(reverse("earlier_rsc:document", args=[record.pk]))
    assert download.status_code == HTTPStatus.OK
    assert b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, no-store"
