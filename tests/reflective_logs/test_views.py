"""The pages, from the outside: writing, checking, submitting, reviewing, bad input."""

import csv
import datetime
import io
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.reflective_logs.enums import LogState
from training.reflective_logs.models import ReflectiveLog, SignOff

from .factories import CANARY, ReflectiveLogFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"reflective_logs:{name}", args=args)


def log_data(supervisor, **overrides):
    return {
        "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "minutes": "55",
        "modality": "video",
        "provider": str(supervisor.pk),
        "use_of_self": "I noticed how tired I felt.",
        **overrides,
    }


def test_a_trainee_writes_and_submits_a_clean_log_without_a_check_screen(login, assignment):
    client = login(assignment.trainee)
    response = client.post(url("create"), log_data(assignment.supervisor, check="1"))
    log = ReflectiveLog.objects.get()
    assert response.url == url("detail", log.pk)
    log.refresh_from_db()
    assert log.state == LogState.SUBMITTED


def test_findings_are_highlighted_on_the_form_and_must_be_confirmed(login, assignment):
    client = login(assignment.trainee)
    data = log_data(
        assignment.supervisor, check="1", family_story="Mrs Patel rang on 555-201-7788."
    )
    response = client.post(url("create"), data)
    log = ReflectiveLog.objects.get()
    assert response.url == url("edit", log.pk) + "?check=1#deid-check"
    page = client.get(url("edit", log.pk) + "?check=1").content.decode()
    assert '<mark class="deid-finding">Mrs Patel' in page
    assert '<mark class="deid-finding">555-201-7788' in page
    log.refresh_from_db()
    assert log.state == LogState.DRAFT
    # Submitting again without the confirmation shows the check again and sends nothing.
    data["version"] = str(log.version)
    response = client.post(url("edit", log.pk), data)
    assert response.url == url("edit", log.pk) + "?check=1#deid-check"
    log.refresh_from_db()
    assert log.state == LogState.DRAFT
    shown = re.search(r'name="deid_shown" value="(\w+)"', page).group(1)
    data |= {"version": str(log.version), "deid_confirmed": "on", "deid_shown": shown}
    client.post(url("edit", log.pk), data)
    log.refresh_from_db()
    assert log.state == LogState.SUBMITTED
    # The supervisor sees what was confirmed as safe before deciding to sign.
    review = login(assignment.supervisor).get(url("review", log.pk)).content.decode()
    assert "confirmed 2 possible identifying details as safe" in review
    assert "“555-201-7788”" in review


def test_the_old_check_page_still_confirms_and_submits(login, assignment):
    client = login(assignment.trainee)
    client.post(
        url("create"),
        log_data(assignment.supervisor, family_story="Mrs Patel rang on 555-201-7788."),
    )
    log = ReflectiveLog.objects.get()
    assert client.get(url("check", log.pk)).url == url("edit", log.pk) + "?check=1#deid-check"
    response = client.post(url("check", log.pk))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "confirm you checked them" in response.content.decode()
    client.post(url("check", log.pk), {"confirmed": "on"})
    log.refresh_from_db()
    assert log.state == LogState.SUBMITTED


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"held_on": "2999-01-01"}, "cannot be in the future"),
        ({"held_on": "not a date"}, "Enter a valid date"),
        ({"minutes": "0"}, "greater than or equal to 5"),
        ({"minutes": "lots"}, "Enter a whole number"),
        ({"provider": "999999"}, "Select a valid choice"),
        ({"modality": "carrier pigeon"}, "Select a valid choice"),
        ({"competencies": ["abc"]}, "is not a valid value"),
    ],
)
def test_bad_input_re_renders_with_errors_and_keeps_the_text(login, assignment, overrides, error):
    client = login(assignment.trainee)
    response = client.post(url("create"), log_data(assignment.supervisor, **overrides))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    body = response.content.decode()
    assert error in body
    assert "I noticed how tired I felt." in body
    assert not ReflectiveLog.objects.exists()


def test_a_supervisor_not_paired_on_the_session_date_is_refused(login, assignment):
    stranger = UserFactory(supervisor=True)
    SupervisionAssignmentFactory(
        supervisor=stranger, trainee=assignment.trainee, starts_on=timezone.localdate()
    )
    response = login(assignment.trainee).post(url("create"), log_data(stranger))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "paired with on the session date" in response.content.decode()


def test_a_stale_tab_cannot_overwrite_a_newer_draft_and_keeps_its_text(login, log):
    client = login(log.trainee)
    provider = log.session.provider
    newer = log_data(provider, version="1", use_of_self="Saved from the laptop.")
    assert client.post(url("edit", log.pk), newer).status_code == HTTPStatus.FOUND
    stale = log_data(provider, version="1", use_of_self="Typed in the old tab.")
    response = client.post(url("edit", log.pk), stale)
    assert response.status_code == HTTPStatus.CONFLICT
    body = response.content.decode()
    assert "another tab or device" in body
    assert "Typed in the old tab." in body
    log.refresh_from_db()
    assert log.use_of_self == "Saved from the laptop."


def test_autosave_returns_the_new_version_and_refuses_a_stale_one(login, log):
    client = login(log.trainee)
    data = log_data(log.session.provider, version="1", use_of_self="First.")
    response = client.post(url("autosave", log.pk), data)
    assert response.json()["version"] == 2
    response = client.post(url("autosave", log.pk), {**data, "use_of_self": "Stale."})
    assert response.status_code == HTTPStatus.CONFLICT
    assert "another tab" in response.json()["error"]
    response = client.post(url("autosave", log.pk), {**data, "version": "2", "minutes": "x"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    log.refresh_from_db()
    assert (log.use_of_self, log.version) == ("First.", 2)


def test_the_supervisor_comments_returns_and_signs_off(login, submitted_log):
    client = login(submitted_log.session.provider)
    client.post(url("comment", submitted_log.pk), {"section": "use_of_self", "body": "Say more"})
    client.post(url("return", submitted_log.pk), {"request": "What did the baby need?"})
    trainee_page = login(submitted_log.trainee).get(url("edit", submitted_log.pk))
    body = trainee_page.content.decode()
    assert "What did the baby need?" in body and "Say more" in body
    login(submitted_log.trainee).post(url("check", submitted_log.pk), {"confirmed": "on"})
    client = login(submitted_log.session.provider)
    response = client.post(url("sign_off", submitted_log.pk), {"attested": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert SignOff.objects.filter(log=submitted_log).exists()


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("comment", {"section": "use_of_self", "body": ""}, "This field is required"),
        ("comment", {"section": "nonsense", "body": "x"}, "Select a valid choice"),
        ("return", {"request": ""}, "This field is required"),
        ("sign_off", {}, "Tick the attestation"),
    ],
)
def test_bad_review_input_re_renders_with_errors(login, submitted_log, name, data, error):
    response = login(submitted_log.session.provider).post(url(name, submitted_log.pk), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error in response.content.decode()


def test_the_queue_is_oldest_first_and_marks_overdue_logs(login, supervisor, settings):
    settings.ATTUNE_REVIEW_OVERDUE_DAYS = 7
    old = ReflectiveLogFactory(session__provider=supervisor, state="submitted")
    new = ReflectiveLogFactory(session__provider=supervisor, state="submitted")
    ReflectiveLog.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=9)
    )
    body = login(supervisor).get(url("queue")).content.decode()
    assert body.index(old.trainee.display_name) < body.index(new.trainee.display_name)
    assert body.count("Overdue") == 1
    assert CANARY not in body


def test_a_group_session_is_recorded_and_each_attendee_logs_it(login, supervisor):
    attendees = [UserFactory(trainee=True) for _ in range(2)]
    for trainee in attendees:
        SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    held_on = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = login(supervisor).post(
        url("group_session_create"),
        {
            "held_on": held_on,
            "minutes": "90",
            "modality": "video",
            "attendees": [str(t.pk) for t in attendees],
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    client = login(attendees[0])
    page = client.get(url("list")).content.decode()
    assert "write your log" in page
    session_id = attendees[0].attended_sessions.get().pk
    response = client.post(
        f"{url('create')}?session={session_id}", {"take_forward": "Stay curious."}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ReflectiveLog.objects.get().session.minutes == 90


def test_a_group_session_form_refuses_bad_input(login, supervisor):
    response = login(supervisor).post(
        url("group_session_create"), {"held_on": "", "minutes": "-3", "attendees": ["x"]}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_a_trainee_cannot_log_against_a_group_session_they_did_not_attend(login, trainee):
    response = login(trainee).get(f"{url('create')}?session=12345")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert login(trainee).get(f"{url('create')}?session=abc").status_code == 404


def test_signed_hours_show_on_both_dashboards(login, signed_log):
    trainee_page = login(signed_log.trainee).get(reverse("dashboard_trainee")).content.decode()
    assert "<dd>1 h</dd>" in trainee_page
    supervisor_page = (
        login(signed_log.session.provider).get(reverse("dashboard_supervisor")).content.decode()
    )
    assert signed_log.trainee.display_name in supervisor_page
    assert ": 1 h<br>" in supervisor_page
    assert CANARY not in supervisor_page


def test_the_csv_summary_lists_signed_sessions_with_their_hash(login, signed_log):
    ReflectiveLogFactory(trainee=signed_log.trainee)  # a draft is not in it
    response = login(signed_log.trainee).get(url("export", "csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["date", "minutes", "provider", "individual_or_group"]
    assert len(rows) == 2
    assert rows[1][1] == "60"
    assert rows[1][-1] == signed_log.sign_off.sha256


def test_the_pdf_holds_the_trainees_signed_logs(login, signed_log):
    response = login(signed_log.trainee).get(url("export", "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_trainee_adds_a_correction_and_the_supervisor_signs_it(login, signed_log):
    login(signed_log.trainee).post(url("addendum_create", signed_log.pk), {"body": "50 min."})
    addendum = signed_log.addenda.get()
    client = login(signed_log.session.provider)
    page = client.get(url("review", signed_log.pk)).content.decode()
    assert "Sign this correction" in page
    client.post(url("addendum_sign", signed_log.pk, addendum.pk))
    addendum.refresh_from_db()
    assert addendum.is_signed


def test_coordinators_see_status_and_hours_but_no_text(login, coordinator, signed_log):
    waiting = ReflectiveLogFactory(state="submitted")
    CohortFactory(coordinator=coordinator, trainees=[signed_log.trainee, waiting.trainee])
    ReflectiveLogFactory(state="submitted")  # another cohort's: not counted here
    body = login(coordinator).get(reverse("dashboard_coordinator")).content.decode()
    assert "1 signed reflective supervision hours" in body
    assert "Waiting for review: <strong>1</strong>" in body
    assert CANARY not in body


def test_the_new_log_form_chooses_the_only_current_supervisor(login, assignment):
    body = login(assignment.trainee).get(url("create")).content.decode()
    assert f'<option value="{assignment.supervisor.pk}" selected>' in body
    second = SupervisionAssignmentFactory(trainee=assignment.trainee)
    body = login(assignment.trainee).get(url("create")).content.decode()
    # With two, the trainee chooses: neither is picked for them.
    assert f'<option value="{assignment.supervisor.pk}">' in body
    assert f'<option value="{second.supervisor.pk}">' in body
