"""The trainee's dashboard shows where her application stands, in every state."""

from http import HTTPStatus

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from tests.factories import ProfileFactory
from tests.workflow.conftest import days_ago
from training.applications.enums import ApplicationStatus as S
from training.applications.models import Application

pytestmark = pytest.mark.django_db


def _panel(client) -> str:
    body = client.get(reverse("dashboard_trainee")).content.decode()
    start = body.index('id="application-panel"')
    return body[start : body.index("<!-- end of application-panel -->", start)]


def test_without_an_application_she_sees_what_is_missing_and_can_start_one(login, trainee, ifa):
    ProfileFactory(user=trainee, target_category=ifa)
    panel = _panel(login(trainee))
    assert 'data-status="none"' in panel
    assert "You have not started an endorsement application." in panel
    assert "Not ready to apply yet. Still missing:" in panel
    assert "Specialised training" in panel
    assert "Start my IFA application" in panel


def test_without_a_target_there_is_nothing_to_start(login, trainee):
    panel = _panel(login(trainee))
    assert "Start my" not in panel


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (
            "preparing",
            ["Preparing", "Your coordinator records the submission", "Not ready to apply"],
        ),
        ("submitted", ["Submitted", f"was submitted on {days_ago(20):%-d %b %Y}"]),
        ("under_review", ["Under review", "records each step"]),
        ("exam", ["Exam", f"was submitted on {days_ago(20):%-d %b %Y}"]),
        (
            "endorsed",
            [
                f"endorsed on {days_ago(2):%-d %b %Y}",
                "number E-1001",
                f"next renewal {days_ago(2) + relativedelta(years=1):%-d %b %Y}",
            ],
        ),
        ("returned", ["Returned", "Missing a transcript.", "You can start a new application"]),
    ],
)
def test_the_panel_shows_each_state(login, trainee, ifa, imhs, advance, status, words):
    category = imhs if status == "exam" else ifa
    ProfileFactory(user=trainee, target_category=category)
    advance(trainee, category, status)
    panel = _panel(login(trainee))
    assert f'data-status="{status}"' in panel
    for word in words:
        assert word in panel, word
    if status != "preparing":
        assert "Not ready to apply" not in panel  # the verdict is for preparing only


def test_she_starts_her_own_application_once(login, trainee, ifa):
    ProfileFactory(user=trainee, target_category=ifa)
    client = login(trainee)
    url = reverse("dashboard_application_start")
    assert client.post(url, {"submission_key": "s" * 32}).status_code == HTTPStatus.FOUND
    assert client.post(url, {"submission_key": "t" * 32}).status_code == HTTPStatus.FOUND
    application = Application.objects.get(trainee=trainee)
    assert (application.status, application.category) == (S.PREPARING, ifa)
    assert application.events.get().actor == trainee


def test_starting_needs_a_target_and_the_trainee_role(login, trainee, supervisor, ifa):
    assert (
        login(trainee).post(reverse("dashboard_application_start")).status_code == HTTPStatus.FOUND
    )
    assert not Application.objects.exists()
    refused = login(supervisor).post(reverse("dashboard_application_start"))
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert not Application.objects.exists()
