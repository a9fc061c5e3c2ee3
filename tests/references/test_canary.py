"""A waived rating's content never reaches the applicant: no page she can open, no email to
her, not her data download, not her portfolio. Her cohort's coordinator reads it."""

import io
import json
import zipfile
from http import HTTPStatus

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.auth import sign_in
from tests.competencies.factories import category
from tests.urlwalk import routes
from training.notifications.models import OutboxMessage
from training.privacy.services import data_export_build, data_export_request
from training.readiness.portfolio import portfolio_contents, portfolio_zip
from training.references.models import ReferenceRequest
from training.references.ratings import STATEMENT_CODES

from .conftest import rating_post
from .factories import make_request

pytestmark = pytest.mark.django_db

CANARY = "canary-7f3e9b2d-waived-remark"
NUMBER_CANARY = "NUMCANARY-4471"


@pytest.fixture
def waived(client, applicant, django_capture_on_commit_callbacks):
    """A waived rating the rater completed through her link, with a canary in what she wrote."""
    request, token = make_request(trainee=applicant, waived=True, rater_name="Dana Whitfield")
    data = rating_post(
        comments=f"Between us: {CANARY}",
        known_months="237",
        rater_category=str(category("IMHS").pk),
        rater_endorsement_number=NUMBER_CANARY,
    )
    data.update(dict.fromkeys(STATEMENT_CODES, "1"))  # every statement "Rarely"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("references_rate", args=[token]), data)
    assert response.status_code == HTTPStatus.FOUND
    request.refresh_from_db()
    assert CANARY in request.comments and request.completed_at
    return request


def _leaks(text: str) -> list[str]:
    return [c for c in (CANARY, NUMBER_CANARY, "Rarely") if c in text]


def _values(request, applicant):
    def values(route_name, param):
        return {
            "pk": [str(request.pk)],
            "user_id": [str(applicant.pk)],
            "token": ["x"],
        }.get(param)

    return values


def test_the_canary_is_on_no_page_the_applicant_can_open(client, applicant, waived, home_page):
    sign_in(client, applicant)
    walked, problems = 0, []
    for route in routes(_values(waived, applicant)):
        if "logout" in route.name:
            continue
        response = client.get(route.path)
        walked += 1
        body = response.content.decode(errors="replace")
        if leaked := _leaks(body):
            problems.append(f"{route}: {response.status_code} shows {leaked}")
    assert walked > 50
    assert not problems, "\n".join(problems)
    # She does see that it exists and where it stands.
    listing = client.get(reverse("references_list")).content.decode()
    assert "Dana Whitfield" in listing and "Completed" in listing
    assert reverse("references_detail", args=[waived.pk]) not in listing
    assert client.get(reverse("references_detail", args=[waived.pk])).status_code == 404


def test_the_canary_is_in_no_email_to_her(applicant, waived):
    to_her = OutboxMessage.objects.filter(to_email__iexact=applicant.email)
    assert to_her.exists()
    for message in to_her:
        assert not _leaks(message.subject + message.body)


def test_the_canary_is_not_in_her_data_download(applicant, waived):
    export = data_export_request(user=applicant)
    data_export_build(export_id=export.pk)
    export.refresh_from_db()
    with export.archive.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zf:
        everything = "".join(zf.read(name).decode(errors="replace") for name in zf.namelist())
        data = json.loads(zf.read("data.json"))
    assert not _leaks(everything)
    (row,) = data["references.ReferenceRequest"]
    assert row["rater_name"] == "Dana Whitfield"
    assert row["completed_at"]
    for hidden in ("answers", "comments", "known_months", "rater_category", "token_hash"):
        assert hidden not in row
    assert "237" not in json.dumps(row)


def test_the_canary_is_not_in_her_portfolio(applicant, waived):
    contents = portfolio_contents(trainee=applicant)
    assert not _leaks(render_to_string("readiness/portfolio_pdf.html", contents))
    with zipfile.ZipFile(io.BytesIO(portfolio_zip(trainee=applicant))) as zf:
        for name in zf.namelist():
            if name.endswith(".csv"):
                assert not _leaks(zf.read(name).decode()), name


def test_her_coordinator_reads_the_waived_rating(login, her_coordinator, applicant, waived):
    client = login(her_coordinator)
    response = client.get(reverse("references_of", args=[applicant.pk]))
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert CANARY in body
    assert NUMBER_CANARY in body
    assert "237" in body
    assert "Rarely" in body
    assert "waived" in body


def test_a_rating_she_did_not_waive_she_may_read(login, applicant):
    request, _token = make_request(trainee=applicant, completed=True, waived=False)
    ReferenceRequest.objects.filter(pk=request.pk).update(comments="Open remark for her.")
    client = login(applicant)
    listing = client.get(reverse("references_list")).content.decode()
    assert reverse("references_detail", args=[request.pk]) in listing
    page = client.get(reverse("references_detail", args=[request.pk])).content.decode()
    assert "Open remark for her." in page
    assert "Often" in page
