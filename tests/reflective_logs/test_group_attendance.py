"""Group RSC at agency scale (issue 16, item 3): the facilitator records who attended a group
session and for how long, signs the attendance once, and each attendee's own minutes count
exactly once, whether or not they write a log."""

import datetime
import html
import io
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import ProviderQualificationFactory, category
from tests.factories import ProfileFactory, SupervisionAssignmentFactory, UserFactory
from training.readiness.engine import REASON_TEXT
from training.readiness.selectors import outcome_rows, readiness_for
from training.reflective_logs import selectors, services
from training.reflective_logs.models import (
    AttendanceSignOff,
    GroupAttendance,
    ReflectiveLog,
    SupervisionSession,
)
from training.reflective_logs.signing import attendance_hash
from training.reports.progress import _log_figures

from .factories import CANARY, ReflectiveLogFactory
from .locking import locks_lifted

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = TODAY - datetime.timedelta(days=3)
ELSEWHERE = "Adds no hours itself: hours counted through the group's attendance sign-off."


def url(name, *args):
    return reverse(f"reflective_logs:{name}", args=args)


class Group:
    """A facilitator (qualified for IMHS) with three paired supervisees in one cohort, a
    coordinator of that cohort, and outsiders: a trainee not attending, another supervisor and
    a coordinator of another cohort."""

    def __init__(self):
        self.facilitator = UserFactory(supervisor=True, with_mfa=True, last_name="Facilitova")
        ProviderQualificationFactory(supervisor=self.facilitator, category=category("IMHM-C"))
        names = ("Attendwell", "Latecomer", "Absentia")
        self.ana, self.ben, self.cat = [UserFactory(trainee=True, last_name=name) for name in names]
        for trainee in (self.ana, self.ben, self.cat):
            SupervisionAssignmentFactory(
                supervisor=self.facilitator,
                trainee=trainee,
                starts_on=TODAY - datetime.timedelta(days=400),
            )
            ProfileFactory(user=trainee, target_category=category("IMHS"))
        self.coordinator = UserFactory(coordinator=True, with_mfa=True)
        self.cohort = CohortFactory(
            coordinator=self.coordinator, trainees=[self.ana, self.ben, self.cat]
        )
        self.other_supervisor = UserFactory(supervisor=True, with_mfa=True)
        self.other_coordinator = UserFactory(coordinator=True, with_mfa=True)
        CohortFactory(coordinator=self.other_coordinator, trainees=[UserFactory(trainee=True)])

    def record(self, *, held_on=DAY, minutes=90, own=None, sign=False, attendees=None):
        return services.session_record_group(
            provider=self.facilitator,
            held_on=held_on,
            minutes=minutes,
            modality="video",
            attendees=attendees or [self.ana, self.ben],
            attendee_minutes=own,
            sign=sign,
            attested=sign,
        )

    def sign(self, session, **kwargs):
        return services.attendance_sign(
            session_id=session.pk, signer=self.facilitator, attested=True, **kwargs
        )


@pytest.fixture
def group():
    return Group()


def counted_minutes(trainee) -> int:
    """Her signed RSC minutes as readiness, the log list, the supervisor's and the coordinator's
    figures read them; all must agree."""
    rows = selectors.signed_rsc_rows(trainee=trainee)
    from_rows = sum(r.counted_minutes for r in rows)
    report = readiness_for(trainee=trainee).report
    have = report.result("rsc_hours")
    minutes = selectors.counted_minutes_by_trainee([trainee.pk]).get(trainee.pk, 0)
    progress = (_log_figures([trainee.pk]).get(trainee.pk) or {}).get("minutes") or 0
    assert from_rows == minutes == progress
    assert have.have == round(from_rows / 60 * 100) / 100 or from_rows == 0
    return from_rows


def signed_log_on(session, trainee):
    return ReflectiveLogFactory(trainee=trainee, session=session, paired=False, state="signed_off")


# --- counting exactly once ----------------------------------------------------------------


def test_signed_attendance_alone_counts_each_attendees_minutes(group):
    session = group.record()
    assert counted_minutes(group.ana) == 0  # waiting for sign-off
    group.sign(session)
    assert counted_minutes(group.ana) == 90
    assert counted_minutes(group.ben) == 90
    assert counted_minutes(group.cat) == 0
    report = readiness_for(trainee=group.ana).report
    row = GroupAttendance.objects.get(session=session, trainee=group.ana)
    assert report.outcome("rsc_attendance", row.pk).counted


def test_unsigned_attendance_shows_as_waiting_for_sign_off(group):
    session = group.record()
    row = GroupAttendance.objects.get(session=session, trainee=group.ana)
    outcome = readiness_for(trainee=group.ana).report.outcome("rsc_attendance", row.pk)
    assert outcome.text == REASON_TEXT["not_signed"]


def test_attendance_and_a_signed_log_count_the_minutes_once(group):
    session = group.record(sign=True)
    log = signed_log_on(session, group.ana)
    assert counted_minutes(group.ana) == 90
    report = readiness_for(trainee=group.ana).report
    assert report.outcome("rsc", log.pk).text == ELSEWHERE
    assert not report.outcome("rsc", log.pk).counted
    # The log list and the readiness page say why the log adds nothing.
    client = sign_in(Client(), group.ana)
    assert ELSEWHERE.rstrip(".") in html.unescape(client.get(url("list")).content.decode())
    assert ELSEWHERE in html.unescape(client.get(reverse("readiness")).content.decode())


def test_a_log_signed_before_the_attendance_adds_no_hours_either(group):
    session = group.record()
    log = signed_log_on(session, group.ana)
    assert counted_minutes(group.ana) == 0
    group.sign(session)
    assert counted_minutes(group.ana) == 90
    assert not readiness_for(trainee=group.ana).report.outcome("rsc", log.pk).counted


def test_partial_minutes_count_what_the_attendee_was_there_for(group):
    session = group.record(own={group.ben.pk: 45}, sign=True)
    signed_log_on(session, group.ben)
    assert counted_minutes(group.ben) == 45
    assert counted_minutes(group.ana) == 90


def test_a_signed_logs_about_providing_rsc_applies_to_the_attendance_minutes(group):
    session = group.record(sign=True)
    ReflectiveLogFactory(
        trainee=group.ana,
        session=session,
        paired=False,
        about_providing_rsc=True,
        state="signed_off",
    )
    rows = selectors.signed_rsc_rows(trainee=group.ana)
    attendance = [r for r in rows if r.is_attendance]
    assert [r.about_providing_rsc for r in attendance] == [True]


def test_the_attendees_hours_move_in_readiness_when_the_attendance_is_signed(group):
    session = group.record(own={group.ana.pk: 60})
    before = readiness_for(trainee=group.ana).report.result("rsc_hours").have
    group.sign(session)
    after = readiness_for(trainee=group.ana).report.result("rsc_hours").have
    assert after - before == 1
    labels = [r.label for r in outcome_rows(readiness_for(trainee=group.ana))]
    assert f"Group session attendance with {group.facilitator.display_name}" in labels


def test_a_group_session_recorded_before_attendance_still_counts_through_its_log(group):
    """Sessions recorded before attendance existed have no attendance rows: the log carries
    the hours, as it always did."""
    session = SupervisionSession.objects.create(
        held_on=DAY,
        minutes=60,
        format="group",
        modality="video",
        provider=group.facilitator,
        recorded_by=group.facilitator,
    )
    session.attendees.set([group.ana])
    signed_log_on(session, group.ana)
    assert counted_minutes(group.ana) == 60


# --- the facilitator's rules ---------------------------------------------------------------


def test_only_trainees_paired_with_her_on_the_date_can_be_listed(group):
    stranger = UserFactory(trainee=True, last_name="Strangerly")
    with pytest.raises(ValidationError, match="not paired with"):
        group.record(attendees=[group.ana, stranger])
    late = UserFactory(trainee=True)
    SupervisionAssignmentFactory(supervisor=group.facilitator, trainee=late, starts_on=TODAY)
    with pytest.raises(ValidationError, match="not paired with"):
        group.record(attendees=[late])
    assert not SupervisionSession.objects.exists()


def test_future_dates_and_minutes_beyond_the_session_are_refused(group):
    with pytest.raises(ValidationError, match="future"):
        group.record(held_on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="between 1 and"):
        group.record(own={group.ana.pk: 91})
    with pytest.raises(ValidationError, match="future"):
        services.sessions_record_group_series(
            provider=group.facilitator,
            dates=[DAY, TODAY + datetime.timedelta(days=7)],
            minutes=60,
            modality="video",
            attendees=[group.ana],
        )
    assert not SupervisionSession.objects.exists()


def test_only_the_facilitator_signs_and_signing_twice_signs_once(group):
    session = group.record()
    with pytest.raises(services.LogActionRefused):
        services.attendance_sign(
            session_id=session.pk, signer=group.other_supervisor, attested=True
        )
    with pytest.raises(ValidationError):
        services.attendance_sign(session_id=session.pk, signer=group.facilitator, attested=False)
    first = group.sign(session)
    assert group.sign(session) == first
    assert AttendanceSignOff.objects.count() == 1
    assert first.sha256 == attendance_hash(session, {group.ana.pk: 90, group.ben.pk: 90})


# --- locked once signed ------------------------------------------------------------------


def refused(change) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        change()


def raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_signed_attendance_is_locked_in_the_services(group):
    session = group.record(sign=True)
    assert group.sign(session, attendee_minutes={group.ana.pk: 10}).session_id == session.pk
    assert GroupAttendance.objects.get(session=session, trainee=group.ana).minutes == 90


def test_signed_attendance_is_locked_against_raw_sql_and_the_orm(group):
    session = group.record(sign=True)
    row = GroupAttendance.objects.get(session=session, trainee=group.ana)
    refused(lambda: raw("UPDATE reflective_logs_groupattendance SET minutes = 600"))
    refused(lambda: raw("DELETE FROM reflective_logs_groupattendance WHERE id = %s", row.pk))
    refused(
        lambda: raw(
            "INSERT INTO reflective_logs_groupattendance (session_id, trainee_id, minutes) "
            "VALUES (%s, %s, 30)",
            session.pk,
            group.cat.pk,
        )
    )
    refused(lambda: raw("UPDATE reflective_logs_attendancesignoff SET sha256 = 'x'"))
    refused(lambda: raw("DELETE FROM reflective_logs_attendancesignoff"))
    refused(lambda: raw("UPDATE reflective_logs_supervisionsession SET minutes = 600"))
    refused(lambda: session.attendees.add(group.cat))
    refused(lambda: session.attendees.remove(group.ana))
    row.minutes = 5
    refused(row.save)
    assert GroupAttendance.objects.get(pk=row.pk).minutes == 90


def test_verify_signoffs_catches_attendance_changed_behind_its_back(group):
    session = group.record(sign=True)
    call_command("verify_signoffs", stdout=io.StringIO())
    with locks_lifted():
        GroupAttendance.objects.filter(session=session, trainee=group.ana).update(minutes=600)
    with pytest.raises(CommandError, match=f"attendance of session #{session.pk}"):
        call_command("verify_signoffs", stdout=io.StringIO())


def test_unsigned_attendance_can_still_be_corrected_when_signing(group):
    session = group.record()
    group.sign(session, attendee_minutes={group.ana.pk: 30, group.ben.pk: 90})
    assert GroupAttendance.objects.get(session=session, trainee=group.ana).minutes == 30


# --- the facilitator's pages -------------------------------------------------------------


def form_data(group, **overrides):
    return {
        "held_on": DAY.isoformat(),
        "minutes": "90",
        "modality": "video",
        "attendees": [str(group.ana.pk), str(group.ben.pk)],
        **overrides,
    }


def test_the_form_records_a_session_signed_now_with_late_minutes(group):
    client = sign_in(Client(), group.facilitator)
    page = client.get(url("group_session_create")).content.decode()
    assert f"Minutes {group.ben.display_name} attended" in page
    data = form_data(group, **{f"minutes_{group.ben.pk}": "50", "sign_now": "on", "attested": "on"})
    response = client.post(url("group_session_create"), data)
    session = SupervisionSession.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == url("group_session", session.pk)
    assert hasattr(session, "attendance_sign_off")
    assert dict(session.attendance.values_list("trainee_id", "minutes")) == {
        group.ana.pk: 90,
        group.ben.pk: 50,
    }


def test_save_now_and_sign_later_from_the_session_page(group):
    client = sign_in(Client(), group.facilitator)
    client.post(url("group_session_create"), form_data(group))
    session = SupervisionSession.objects.get()
    listing = client.get(url("group_sessions")).content.decode()
    assert "Attendance waiting for your signature" in listing
    page = client.get(url("group_session", session.pk)).content.decode()
    assert "Sign the attendance" in page
    missing = client.post(url("group_session_sign", session.pk), {f"minutes_{group.ana.pk}": "90"})
    assert missing.status_code == HTTPStatus.BAD_REQUEST
    assert "Tick the attestation" in missing.content.decode()
    data = {f"minutes_{group.ana.pk}": "70", f"minutes_{group.ben.pk}": "90", "attested": "on"}
    assert client.post(url("group_session_sign", session.pk), data).status_code == HTTPStatus.FOUND
    assert client.post(url("group_session_sign", session.pk), data).status_code == HTTPStatus.FOUND
    assert AttendanceSignOff.objects.count() == 1
    assert GroupAttendance.objects.get(trainee=group.ana).minutes == 70


def test_bad_input_re_renders_with_a_message_and_keeps_what_was_typed(group):
    client = sign_in(Client(), group.facilitator)
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    data = form_data(group, held_on=future, **{f"minutes_{group.ben.pk}": "95"})
    response = client.post(url("group_session_create"), data)
    body = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "The session cannot be in the future." in body
    assert f'value="{future}"' in body
    assert 'value="95"' in body
    assert SupervisionSession.objects.count() == 0
    too_long = client.post(
        url("group_session_create"), form_data(group, **{f"minutes_{group.ben.pk}": "95"})
    )
    assert too_long.status_code == HTTPStatus.BAD_REQUEST
    assert "between 1 and the session" in too_long.content.decode()
    unattested = client.post(url("group_session_create"), form_data(group, sign_now="on"))
    assert "Tick the attestation" in unattested.content.decode()
    assert SupervisionSession.objects.count() == 0


def test_a_double_submit_records_one_session(group):
    client = sign_in(Client(), group.facilitator)
    page = client.get(url("group_session_create")).content.decode()
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    data = form_data(group, submission_key=key)
    first = client.post(url("group_session_create"), data)
    second = client.post(url("group_session_create"), data)
    assert first.status_code == second.status_code == HTTPStatus.FOUND
    assert SupervisionSession.objects.count() == 1
    assert GroupAttendance.objects.count() == 2


def test_a_monthly_series_creates_each_session_once(group):
    client = sign_in(Client(), group.facilitator)
    first_day = TODAY - datetime.timedelta(days=150)
    page = client.get(url("group_session_create")).content.decode()
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    data = form_data(
        group, held_on=first_day.isoformat(), repeat="monthly", count="4", submission_key=key
    )
    assert client.post(url("group_session_create"), data).status_code == HTTPStatus.FOUND
    assert client.post(url("group_session_create"), data).status_code == HTTPStatus.FOUND
    sessions = list(SupervisionSession.objects.order_by("held_on"))
    assert len(sessions) == 4
    assert len({s.held_on for s in sessions}) == 4
    assert GroupAttendance.objects.count() == 8
    assert AttendanceSignOff.objects.count() == 0
    assert all(
        set(s.attendees.values_list("pk", flat=True)) == {group.ana.pk, group.ben.pk}
        for s in sessions
    )


def test_a_series_reaching_into_the_future_records_nothing_and_says_why(group):
    client = sign_in(Client(), group.facilitator)
    data = form_data(
        group,
        held_on=(TODAY - datetime.timedelta(days=10)).isoformat(),
        repeat="weekly",
        count="3",
    )
    response = client.post(url("group_session_create"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "is in the future" in response.content.decode()
    assert SupervisionSession.objects.count() == 0


def test_reviewing_a_log_on_the_session_points_the_facilitator_to_the_attendance(group):
    session = group.record()
    log = ReflectiveLogFactory(trainee=group.ana, session=session, paired=False, state="submitted")
    page = sign_in(Client(), group.facilitator).get(url("review", log.pk)).content.decode()
    assert 'id="hours-in-attendance"' in page
    assert url("group_session", session.pk) in page


# --- the trainee's view ------------------------------------------------------------------


def test_the_attendee_sees_her_attendance_and_why_it_counts(group):
    session = group.record(own={group.ana.pk: 60})
    client = sign_in(Client(), group.ana)
    page = client.get(url("list")).content.decode()
    assert "Group sessions you attended" in page
    assert "Waiting for sign-off" in page
    group.sign(session)
    page = client.get(url("list")).content.decode()
    row = GroupAttendance.objects.get(session=session, trainee=group.ana)
    assert f'data-attendance="{row.pk}"' in page
    assert 'data-reason="Counts."' in page


# --- page x role matrix ------------------------------------------------------------------


def _pages(group, session):
    return {
        "session": url("group_session", session.pk),
        "sign": url("group_session_sign", session.pk),
        "list": url("group_sessions"),
        "create": url("group_session_create"),
        "cohort": reverse("cohort_group_sessions", args=[group.cohort.pk]),
    }


def _who(group):
    return {
        "anonymous": None,
        "attendee": group.ana,
        "not attending": group.cat,
        "facilitator": group.facilitator,
        "other supervisor": group.other_supervisor,
        "coordinator": group.coordinator,
        "other coordinator": group.other_coordinator,
    }


# (page, person) -> the answer to a GET. Everything not listed is refused (403/404/redirect).
ALLOWED = {
    ("session", "facilitator"): HTTPStatus.OK,
    ("list", "facilitator"): HTTPStatus.OK,
    ("list", "other supervisor"): HTTPStatus.OK,
    ("create", "facilitator"): HTTPStatus.OK,
    ("create", "other supervisor"): HTTPStatus.OK,
    ("cohort", "coordinator"): HTTPStatus.OK,
}
REFUSED = {
    HTTPStatus.FOUND,
    HTTPStatus.FORBIDDEN,
    HTTPStatus.NOT_FOUND,
    HTTPStatus.METHOD_NOT_ALLOWED,
}


def test_every_new_page_answers_each_role_as_it_should(group):
    session = group.record(own={group.ben.pk: 45})
    signed_log_on(session, group.ana)
    for person_name, person in _who(group).items():
        # Nobody refused sees the attendees' names (their own, in the header, aside).
        names = [t.last_name for t in (group.ana, group.ben) if t != person]
        client = Client()
        if person is not None:
            sign_in(client, person)
        for page, address in _pages(group, session).items():
            response = client.get(address)
            expected = ALLOWED.get((page, person_name))
            body = response.content.decode()
            assert CANARY not in body, (page, person_name)
            if expected is None:
                assert response.status_code in REFUSED, (page, person_name, response.status_code)
                if response.status_code != HTTPStatus.FOUND:
                    for name in names:
                        assert name not in body, (page, person_name, name)
                continue
            assert response.status_code == expected, (page, person_name)
            if person_name in ("other supervisor", "coordinator"):
                for name in names:
                    assert name not in body, (page, person_name, name)
        # A POST to sign by anyone but the facilitator changes nothing.
        if person_name != "facilitator":
            client.post(_pages(group, session)["sign"], {"attested": "on"})
            assert not AttendanceSignOff.objects.exists(), person_name


def test_the_coordinator_sees_sessions_per_facilitator_with_hours_and_status_only(group):
    session = group.record(own={group.ben.pk: 45})
    signed_log_on(session, group.ana)
    other = UserFactory(trainee=True, last_name="Elsewhereson")
    SupervisionAssignmentFactory(
        supervisor=group.facilitator, trainee=other, starts_on=TODAY - datetime.timedelta(days=90)
    )
    group.record(attendees=[other], held_on=TODAY - datetime.timedelta(days=1))
    client = sign_in(Client(), group.coordinator)
    body = client.get(reverse("cohort_group_sessions", args=[group.cohort.pk])).content.decode()
    assert group.facilitator.display_name in body
    assert f'data-session="{session.pk}"' in body
    assert "Waiting for sign-off" in body
    assert CANARY not in body
    for name in (group.ana.last_name, group.ben.last_name, other.last_name):
        assert name not in body
    # The session only an outsider of the cohort attended is not listed.
    assert body.count("data-session=") == 1
    group.sign(session)
    body = client.get(reverse("cohort_group_sessions", args=[group.cohort.pk])).content.decode()
    assert "Signed" in body
    assert ReflectiveLog.objects.count() == 1
