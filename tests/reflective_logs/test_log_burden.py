"""Logging a session asks little: defaults filled in, the check only when it finds something,
drafts that can be thrown away, and a log returned for changes shown where the trainee looks."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.reflective_logs import services
from training.reflective_logs.enums import AuditAction, LogState
from training.reflective_logs.forms import SUBMIT_NEEDS_TEXT
from training.reflective_logs.models import LogAuditEvent, ReflectiveLog, SupervisionSession

from .factories import CANARY, ReflectiveLogFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"reflective_logs:{name}", args=args)


def submit_data(supervisor, **overrides):
    return {
        "held_on": timezone.localdate().isoformat(),
        "minutes": "60",
        "modality": "in_person",
        "provider": str(supervisor.pk),
        "use_of_self": "I noticed how tired I felt.",
        "check": "1",
        **overrides,
    }


def initial(response, name):
    return response.context["form"][name].value()


# Defaults


def test_a_new_log_starts_with_today_an_hour_and_the_one_supervisor(login, assignment):
    response = login(assignment.trainee).get(url("create"))
    assert initial(response, "held_on") == timezone.localdate()
    assert initial(response, "minutes") == 60
    assert str(initial(response, "provider")) == str(assignment.supervisor.pk)


def test_the_length_and_way_of_meeting_follow_the_last_individual_session(login, assignment):
    older = timezone.localdate() - datetime.timedelta(days=20)
    ReflectiveLogFactory(
        trainee=assignment.trainee,
        session__provider=assignment.supervisor,
        session__held_on=older,
        session__minutes=90,
        session__modality="phone",
        paired=False,
    )
    ReflectiveLogFactory(
        trainee=assignment.trainee,
        session__provider=assignment.supervisor,
        session__held_on=older + datetime.timedelta(days=7),
        session__minutes=45,
        session__modality="video",
        paired=False,
    )
    response = login(assignment.trainee).get(url("create"))
    assert (initial(response, "minutes"), initial(response, "modality")) == (45, "video")


def test_with_two_current_supervisors_none_is_chosen_for_her(login, assignment):
    SupervisionAssignmentFactory(
        trainee=assignment.trainee, starts_on=timezone.localdate() - datetime.timedelta(days=9)
    )
    response = login(assignment.trainee).get(url("create"))
    assert initial(response, "provider") is None


# Submitting: the words match the rule, and the check is on the same form


def test_the_form_states_the_rule_and_the_error_names_it(login, assignment):
    client = login(assignment.trainee)
    page = client.get(url("create")).content.decode()
    assert SUBMIT_NEEDS_TEXT in page
    assert "Every section is optional" not in page
    response = client.post(url("create"), submit_data(assignment.supervisor, use_of_self=" "))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert re.search(
        r'role="alert"[^>]*>\s*<p class="mb-0">' + re.escape(SUBMIT_NEEDS_TEXT),
        response.content.decode(),
    )
    assert not ReflectiveLog.objects.exists()


def test_an_empty_draft_can_still_be_saved(login, assignment):
    data = submit_data(assignment.supervisor, use_of_self="")
    del data["check"]
    response = login(assignment.trainee).post(url("create"), data)
    log = ReflectiveLog.objects.get()
    assert response.url == url("edit", log.pk)
    assert log.state == LogState.DRAFT


def test_a_clean_log_goes_straight_from_the_form_to_submitted(login, assignment):
    response = login(assignment.trainee).post(url("create"), submit_data(assignment.supervisor))
    log = ReflectiveLog.objects.get()
    assert response.url == url("detail", log.pk)
    assert log.state == LogState.SUBMITTED


def flagged_form(client, assignment, text="Mrs Patel rang me."):
    client.post(url("create"), submit_data(assignment.supervisor, family_story=text))
    log = ReflectiveLog.objects.get()
    page = client.get(url("edit", log.pk) + "?check=1").content.decode()
    shown = re.search(r'name="deid_shown" value="(\w+)"', page).group(1)
    return log, page, shown


def test_a_flagged_log_shows_the_check_inline_and_stays_a_draft(login, assignment):
    client = login(assignment.trainee)
    log, page, _shown = flagged_form(client, assignment)
    assert log.state == LogState.DRAFT
    assert 'id="deid-check"' in page
    assert '<mark class="deid-finding">Mrs Patel' in page
    # The check sits in the form that edits the text: the same page, not another screen.
    assert page.index('id="deid-check"') > page.index('id="log-form"')
    assert 'name="family_story"' in page


def test_the_confirmation_covers_only_the_details_she_was_shown(login, assignment):
    client = login(assignment.trainee)
    log, _page, shown = flagged_form(client, assignment)
    typed_later = "Mrs Patel rang me. Mr Jones came too."
    data = submit_data(
        assignment.supervisor,
        family_story=typed_later,
        version=str(log.version),
        deid_confirmed="on",
        deid_shown=shown,
    )
    response = client.post(url("edit", log.pk), data)
    assert response.url == url("edit", log.pk) + "?check=1#deid-check"
    log.refresh_from_db()
    assert log.state == LogState.DRAFT
    assert '<mark class="deid-finding">Mr Jones' in client.get(response.url).content.decode()


def test_a_confirmed_log_is_submitted_and_the_audit_counts_the_flags(login, assignment):
    client = login(assignment.trainee)
    log, _page, shown = flagged_form(client, assignment)
    data = submit_data(
        assignment.supervisor,
        family_story="Mrs Patel rang me.",
        version=str(log.version),
        deid_confirmed="on",
        deid_shown=shown,
    )
    assert client.post(url("edit", log.pk), data).url == url("detail", log.pk)
    log.refresh_from_db()
    assert log.state == LogState.SUBMITTED
    event = LogAuditEvent.objects.get(log_ref=log.pk, action=AuditAction.SUBMITTED)
    assert event.details["flagged"] == 1


def test_a_ticked_box_without_the_check_shown_sends_nothing_flagged(login, assignment):
    data = submit_data(assignment.supervisor, family_story="Mrs Patel.", deid_confirmed="on")
    login(assignment.trainee).post(url("create"), data)
    assert ReflectiveLog.objects.get().state == LogState.DRAFT


# Discarding a draft


def test_a_trainee_discards_her_draft_after_confirming(login, log):
    client = login(log.trainee)
    confirm = client.get(url("discard", log.pk))
    assert confirm.status_code == HTTPStatus.OK
    assert "cannot be undone" in confirm.content.decode()
    assert ReflectiveLog.objects.filter(pk=log.pk).exists()
    response = client.post(url("discard", log.pk))
    assert response.url == url("list")
    assert not ReflectiveLog.objects.filter(pk=log.pk).exists()
    assert not SupervisionSession.objects.filter(pk=log.session_id).exists()
    event = LogAuditEvent.objects.get(log_ref=log.pk, action=AuditAction.DISCARDED)
    assert event.actor == log.trainee


def test_a_returned_log_can_be_discarded_with_its_comments(login, submitted_log):
    reviewer = submitted_log.session.provider
    services.log_comment(
        log_id=submitted_log.pk, reviewer=reviewer, section="use_of_self", body="More?"
    )
    services.log_return(log_id=submitted_log.pk, reviewer=reviewer, request="Say more.")
    login(submitted_log.trainee).post(url("discard", submitted_log.pk))
    assert not ReflectiveLog.objects.filter(pk=submitted_log.pk).exists()


def test_someone_elses_draft_cannot_be_discarded_and_leaks_nothing(login, log, other_trainee):
    client = login(other_trainee)
    for method in (client.get, client.post):
        response = method(url("discard", log.pk))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert CANARY not in response.content.decode()
    assert ReflectiveLog.objects.filter(pk=log.pk).exists()


@pytest.mark.parametrize("state", ["submitted", "signed_off"])
def test_a_sent_or_signed_log_is_never_discarded(login, trainee, supervisor, state):
    log = ReflectiveLogFactory(trainee=trainee, session__provider=supervisor, state=state)
    client = login(trainee)
    response = client.post(url("discard", log.pk))
    assert response.url == url("detail", log.pk)
    assert ReflectiveLog.objects.filter(pk=log.pk, state=state).exists()
    assert url("discard", log.pk) not in client.get(url("detail", log.pk)).content.decode()
    with pytest.raises(services.LogActionRefused):
        services.log_discard(log_id=log.pk, trainee=trainee)


def test_discarding_a_log_on_a_group_session_keeps_the_session(login, assignment):
    session = services.session_record_group(
        provider=assignment.supervisor,
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        minutes=90,
        modality="video",
        attendees=[assignment.trainee],
    )
    log = services.log_create(
        trainee=assignment.trainee, session=session, sections={"use_of_self": "x"}
    )
    login(assignment.trainee).post(url("discard", log.pk))
    assert not ReflectiveLog.objects.filter(pk=log.pk).exists()
    assert SupervisionSession.objects.filter(pk=session.pk).exists()


# A log returned for changes is seen


@pytest.fixture
def returned_log(submitted_log):
    services.log_return(
        log_id=submitted_log.pk,
        reviewer=submitted_log.session.provider,
        request="Could you add a line on where the baby was?",
    )
    return submitted_log


def test_the_dashboard_shows_a_returned_log_with_the_request_but_not_the_log(login, returned_log):
    page = login(returned_log.trainee).get(reverse("dashboard_trainee")).content.decode()
    panel = page[page.index('id="returned-logs"') :]
    panel = panel[: panel.index("</section>")]
    assert returned_log.session.provider.display_name in panel
    # The request is the supervisor's, to her: summarised; the log's own words never appear.
    assert "Could you add a line on where the baby was?" in panel
    assert url("edit", returned_log.pk) in panel
    assert CANARY not in page
    assert returned_log.use_of_self not in page


def test_the_dashboard_offers_log_a_session_first(login, assignment):
    page = login(assignment.trainee).get(reverse("dashboard_trainee")).content.decode()
    assert f'href="{url("create")}">Log a session</a>' in page


def returned_logs_query(sql: str) -> bool:
    return 'FROM "reflective_logs_reflectivelog"' in sql and "'returned'" in sql.replace('"', "'")


def badge(page: str) -> str | None:
    match = re.search(r"data-returned-count>(\d+)<", page)
    return match and match.group(1)


def test_the_navigation_counts_returned_logs_for_the_trainee(login, returned_log):
    client = login(returned_log.trainee)
    assert badge(client.get(url("list")).content.decode()) == "1"
    ReflectiveLogFactory(
        trainee=returned_log.trainee, session__provider=returned_log.session.provider
    )
    assert badge(client.get(reverse("readiness")).content.decode()) == "1"


def test_the_count_follows_a_resubmission_at_once(login, returned_log):
    client = login(returned_log.trainee)
    assert badge(client.get(url("list")).content.decode()) == "1"
    services.log_submit(log_id=returned_log.pk, trainee=returned_log.trainee, deid_confirmed=True)
    assert badge(client.get(url("list")).content.decode()) is None


def test_the_count_costs_one_query_then_none_until_a_log_changes(login, returned_log):
    client = login(returned_log.trainee)
    client.get(url("list"))

    def count_reads() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("privacy_my_data"))
        return sum(1 for q in captured.captured_queries if returned_logs_query(q["sql"]))

    assert count_reads() == 0
    ReflectiveLogFactory(
        trainee=returned_log.trainee, session__provider=returned_log.session.provider
    )
    assert count_reads() == 1


def test_a_supervisor_gets_no_count_and_pays_no_query_for_it(login, returned_log):
    client = login(returned_log.session.provider)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("privacy_my_data")).content.decode()
    assert badge(page) is None
    assert not any(returned_logs_query(q["sql"]) for q in captured.captured_queries)


def test_another_trainee_sees_no_count_of_hers(login, returned_log):
    page = login(UserFactory(trainee=True)).get(url("list")).content.decode()
    assert badge(page) is None


def test_a_long_request_is_summarised_on_the_dashboard(login, submitted_log):
    words = [f"word{n}" for n in range(40)]
    services.log_return(
        log_id=submitted_log.pk, reviewer=submitted_log.session.provider, request=" ".join(words)
    )
    page = login(submitted_log.trainee).get(reverse("dashboard_trainee")).content.decode()
    assert "word19…" in page
    assert "word20" not in page
