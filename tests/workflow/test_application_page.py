"""The coordinator's application page for one trainee: who may see it and act, what it shows,
and every form's answer to bad input."""

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.workflow.conftest import days_ago
from training.applications.enums import ApplicationStatus as S
from training.applications.models import Application, ApplicationEvent
from training.readiness.engine import ReadinessReport
from training.readiness.selectors import Readiness

pytestmark = pytest.mark.django_db


def _url(cohort, trainee):
    return reverse("cohort_application", args=[cohort.pk, trainee.pk])


def _state(trainee):
    return (
        list(Application.objects.filter(trainee=trainee).values_list("status", "submitted_on")),
        ApplicationEvent.objects.count(),
    )


@pytest.fixture
def ready(monkeypatch):
    """The engine says the trainee is ready to apply."""

    def fake(*, trainee, category=None, as_of=None, viewer=None):
        today = timezone.localdate()
        return Readiness(trainee, category, today, ReadinessReport(ready=True, results=()))

    monkeypatch.setattr("training.cohorts.views.readiness_for", fake)


def test_her_coordinator_sees_the_status_the_verdict_and_the_history(
    login, coordinator, trainee, cohort, ifa, advance
):
    advance(trainee, ifa, "under_review")
    page = login(coordinator).get(_url(cohort, trainee))
    assert page.status_code == HTTPStatus.OK
    body = page.content.decode()
    assert "Under review" in body and ifa.name in body
    assert body.count("<tr>") - 1 == 3  # started, submitted, under review (plus the heading)
    assert coordinator.display_name in body
    assert "Preparing → Submitted" in body
    assert 'id="readiness-verdict"' in body
    # Only the legal next moves: IFA asks no exam.
    assert 'value="endorse"' in body and 'value="return"' in body
    assert 'value="exam"' not in body and 'value="submit"' not in body


def test_without_an_application_the_page_offers_to_start_one_for_her_target(
    login, coordinator, trainee, cohort, ifa
):
    body = login(coordinator).get(_url(cohort, trainee)).content.decode()
    assert "No application yet" in body
    assert 'value="start"' in body
    assert f'<option value="{ifa.pk}" selected>' in body


@pytest.mark.parametrize("who", ["other_coordinator", "trainee", "other_trainee", "supervisor"])
def test_anyone_but_her_coordinator_gets_404_and_nothing_leaks(
    client, login, trainee, other_trainee, supervisor, cohort, ifa, advance, who
):
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    trainee.last_name = "Quillfeather"
    trainee.save(update_fields=["last_name"])
    advance(trainee, ifa, "submitted")
    people = {
        "other_coordinator": UserFactory(coordinator=True, with_mfa=True),
        "trainee": trainee,
        "other_trainee": other_trainee,
        "supervisor": supervisor,
    }
    person = people[who]
    if who == "other_coordinator":
        CohortFactory(coordinator=person, trainees=[other_trainee])
    page = login(person).get(_url(cohort, trainee))
    assert page.status_code == HTTPStatus.NOT_FOUND
    body = page.content.decode()
    assert "Endorsement application of" not in body and "Submitted" not in body
    if who != "trainee":  # her own name is in her menu
        assert "Quillfeather" not in body


def test_anonymous_is_sent_to_sign_in(client, trainee, cohort):
    page = client.get(_url(cohort, trainee))
    assert page.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in page["Location"]


def test_a_trainee_of_another_of_her_cohorts_is_404_under_this_cohorts_address(
    login, coordinator, trainee, cohort
):
    elsewhere = UserFactory(trainee=True)
    CohortFactory(coordinator=coordinator, trainees=[elsewhere])
    assert login(coordinator).get(_url(cohort, elsewhere)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("who", ["other_coordinator", "trainee", "supervisor"])
@pytest.mark.parametrize(
    ("status", "post"),
    [
        (None, {"move": "start", "start-category": "IFA"}),
        ("preparing", {"move": "submit", "submit-on": "2026-01-05", "submit-incomplete_ok": "on"}),
        ("under_review", {"move": "endorse", "endorse-on": "2026-01-05", "endorse-number": "X"}),
    ],
    ids=["start", "submit", "endorse"],
)
def test_posts_from_the_wrong_people_change_nothing(
    login, trainee, supervisor, cohort, ifa, advance, who, status, post
):
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    if status:
        advance(trainee, ifa, status)
    if post.get("start-category"):
        post = post | {"start-category": ifa.pk}
    people = {
        "other_coordinator": UserFactory(coordinator=True, with_mfa=True),
        "trainee": trainee,
        "supervisor": supervisor,
    }
    before = _state(trainee)
    response = login(people[who]).post(_url(cohort, trainee), post)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert _state(trainee) == before


def test_the_coordinator_starts_an_application_for_her(login, coordinator, trainee, cohort, ifa):
    response = login(coordinator).post(
        _url(cohort, trainee), {"move": "start", "start-category": ifa.pk}
    )
    assert response.status_code == HTTPStatus.FOUND
    application = Application.objects.get(trainee=trainee)
    assert application.status == S.PREPARING
    assert application.events.get().actor == coordinator


def test_recording_a_submission_while_not_ready_asks_for_a_confirmation(
    login, coordinator, trainee, cohort, ifa, advance
):
    advance(trainee, ifa, "preparing")
    client = login(coordinator)
    body = client.get(_url(cohort, trainee)).content.decode()
    assert 'id="not-ready-warning"' in body
    assert "I know the application is incomplete" in body
    before = _state(trainee)
    refused = client.post(
        _url(cohort, trainee), {"move": "submit", "submit-on": days_ago(1).isoformat()}
    )
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "tick this box" in refused.content.decode()
    assert days_ago(1).isoformat() in refused.content.decode()  # what she typed is kept
    assert _state(trainee) == before
    done = client.post(
        _url(cohort, trainee),
        {"move": "submit", "submit-on": days_ago(1).isoformat(), "submit-incomplete_ok": "on"},
    )
    assert done.status_code == HTTPStatus.FOUND
    application = Application.objects.get(trainee=trainee)
    assert (application.status, application.submitted_on) == (S.SUBMITTED, days_ago(1))
    assert "not ready to apply" in application.events.last().note


def test_a_ready_trainee_is_submitted_without_the_confirmation(
    login, coordinator, trainee, cohort, ifa, advance, ready
):
    advance(trainee, ifa, "preparing")
    client = login(coordinator)
    body = client.get(_url(cohort, trainee)).content.decode()
    assert "Ready to apply" in body
    assert "I know the application is incomplete" not in body
    done = client.post(
        _url(cohort, trainee), {"move": "submit", "submit-on": days_ago(0).isoformat()}
    )
    assert done.status_code == HTTPStatus.FOUND
    assert Application.objects.get(trainee=trainee).status == S.SUBMITTED


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("status", "post", "message"),
    [
        ("preparing", {"move": "submit", "submit-incomplete_ok": "on"}, "This field is required"),
        (
            "preparing",
            {"move": "submit", "submit-on": TOMORROW, "submit-incomplete_ok": "on"},
            "cannot be in the future",
        ),
        ("preparing", {"move": "submit", "submit-on": "not a day"}, "Enter a valid date"),
        ("submitted", {"move": "review", "review-note": "x" * 2001}, "at most 2000"),
        ("under_review", {"move": "endorse", "endorse-on": "2026-01-01"}, "This field is required"),
        (
            "under_review",
            {"move": "endorse", "endorse-on": TOMORROW, "endorse-number": "E-1"},
            "cannot be in the future",
        ),
        (
            "under_review",
            {"move": "endorse", "endorse-on": "2000-01-01", "endorse-number": "E-1"},
            "cannot come before the submission",
        ),
        (
            "under_review",
            {"move": "endorse", "endorse-number": "   ", "endorse-on": "2026-01-01"},
            "required",
        ),
        ("submitted", {"move": "return", "return-reason": "   "}, "This field is required"),
        (None, {"move": "start"}, "This field is required"),
        (None, {"move": "start", "start-category": "99999999999"}, "Select a valid choice"),
    ],
    ids=[
        "submit-no-day",
        "submit-future",
        "submit-garbage-day",
        "review-note-too-long",
        "endorse-no-number",
        "endorse-future",
        "endorse-before-submission",
        "endorse-blank-number",
        "return-no-reason",
        "start-no-category",
        "start-huge-id",
    ],
)
def test_bad_input_on_every_form_is_a_400_with_the_reason_and_changes_nothing(
    login, coordinator, trainee, cohort, ifa, advance, status, post, message
):
    if status:
        advance(trainee, ifa, status)
    before = _state(trainee)
    response = login(coordinator).post(_url(cohort, trainee), post)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    assert _state(trainee) == before


@pytest.mark.parametrize(
    ("status", "post", "message"),
    [
        (
            "preparing",
            {"move": "endorse", "endorse-on": "2026-01-01", "endorse-number": "E"},
            "cannot be endorsed",
        ),
        ("under_review", {"move": "exam"}, "asks no exam"),
        ("returned", {"move": "review"}, "no open application"),
        (None, {"move": "submit", "submit-on": "2026-01-01"}, "no open application"),
        ("preparing", {"move": "delete"}, "Choose one of the forms"),
        ("preparing", {"move": "start"}, "The application has moved on"),
    ],
    ids=[
        "endorse-from-preparing",
        "exam-not-asked",
        "move-a-closed-one",
        "nothing-open",
        "unknown",
        "stale-start-form",
    ],
)
def test_an_illegal_move_posted_anyway_is_a_400_that_says_why(
    login, coordinator, trainee, cohort, ifa, advance, status, post, message
):
    if status:
        advance(trainee, ifa, status)
    before = _state(trainee)
    response = login(coordinator).post(_url(cohort, trainee), post)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    assert _state(trainee) == before


def test_the_same_form_sent_twice_moves_once(login, coordinator, trainee, cohort, ifa, advance):
    advance(trainee, ifa, "submitted")
    client = login(coordinator)
    post = {"move": "review", "submission_key": "k" * 32}
    first = client.post(_url(cohort, trainee), post)
    second = client.post(_url(cohort, trainee), post)
    assert first.status_code == second.status_code == HTTPStatus.FOUND
    assert (
        Application.objects.get(trainee=trainee).events.filter(to_status=S.UNDER_REVIEW).count()
        == 1
    )


def test_a_second_tab_repeating_a_move_is_refused_and_says_so(
    login, coordinator, trainee, cohort, ifa, advance
):
    advance(trainee, ifa, "submitted")
    client = login(coordinator)
    client.post(_url(cohort, trainee), {"move": "review", "submission_key": "a" * 32})
    again = client.post(_url(cohort, trainee), {"move": "review", "submission_key": "b" * 32})
    assert again.status_code == HTTPStatus.BAD_REQUEST
    assert "cannot be put under review" in again.content.decode()
    assert ApplicationEvent.objects.filter(to_status=S.UNDER_REVIEW).count() == 1


def test_endorsing_through_the_page_shows_the_number_and_the_renewal(
    login, coordinator, trainee, cohort, ifa, advance
):
    advance(trainee, ifa, "under_review")
    client = login(coordinator)
    response = client.post(
        _url(cohort, trainee),
        {"move": "endorse", "endorse-on": days_ago(0).isoformat(), "endorse-number": "IFA-77"},
        follow=True,
    )
    body = response.content.decode()
    assert "IFA-77" in body and "Next renewal" in body
    assert "This application is closed; a new one can be started." in body
    assert 'value="start"' in body


def test_the_history_offers_no_way_to_edit_an_event(
    login, coordinator, trainee, cohort, ifa, advance
):
    advance(trainee, ifa, "returned")
    body = login(coordinator).get(_url(cohort, trainee)).content.decode()
    assert "Missing a transcript." in body
    moves = {
        value
        for value in ("start", "submit", "review", "exam", "endorse", "return")
        if f'value="{value}"' in body
    }
    assert moves == {"start"}


def test_the_pages_queries_do_not_grow_with_applications_and_events(
    login, coordinator, trainee, cohort, ifa, advance
):
    client = login(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(cohort, trainee)).status_code == HTTPStatus.OK
        return len(captured)

    advance(trainee, ifa, "endorsed")
    queries()  # the first request also fills per-process caches
    one = queries()
    for _ in range(3):
        advance(trainee, ifa, "endorsed")
    assert Application.objects.filter(trainee=trainee).count() == 4
    assert queries() == one
