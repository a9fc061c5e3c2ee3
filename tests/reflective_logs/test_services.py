"""The log workflow through its services: states, versions, idempotence, audit, outbox."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.notifications.models import OutboxMessage
from training.reflective_logs import services
from training.reflective_logs.enums import AuditAction, LogState, Modality, SessionFormat
from training.reflective_logs.models import LogAuditEvent, SignOff
from training.reflective_logs.signing import log_hash

from .factories import CANARY, ReflectiveLogFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db


def actions(log) -> list[str]:
    return list(LogAuditEvent.objects.filter(log_ref=log.pk).values_list("action", flat=True))


def session_fields(provider, **overrides):
    return {
        "held_on": timezone.localdate() - datetime.timedelta(days=1),
        "minutes": 50,
        "modality": Modality.IN_PERSON,
        "provider": provider,
        "is_peer": False,
        **overrides,
    }


def test_a_trainee_starts_a_draft_about_a_new_individual_session(assignment):
    log = services.log_create(
        trainee=assignment.trainee,
        session_fields=session_fields(assignment.supervisor),
        sections={"family_story": "  The parent spoke of sleep.  "},
    )
    assert log.state == LogState.DRAFT
    assert log.family_story == "The parent spoke of sleep."
    assert log.session.format == SessionFormat.INDIVIDUAL
    assert log.session.recorded_by == assignment.trainee
    assert actions(log) == [AuditAction.CREATED]


def test_the_supervisor_must_be_paired_with_the_trainee_on_the_session_date(trainee):
    stranger = UserFactory(supervisor=True)
    with pytest.raises(ValidationError) as caught:
        services.log_create(trainee=trainee, session_fields=session_fields(stranger), sections={})
    assert "provider" in caught.value.error_dict


def test_a_session_cannot_be_in_the_future(assignment):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.log_create(
            trainee=assignment.trainee,
            session_fields=session_fields(assignment.supervisor, held_on=tomorrow),
            sections={},
        )


def test_saving_raises_the_version_and_a_stale_copy_is_refused(log):
    saved = services.log_update(
        log_id=log.pk, trainee=log.trainee, expected_version=1, sections={"use_of_self": "New"}
    )
    assert saved.version == 2
    with pytest.raises(services.StaleLog):
        services.log_update(
            log_id=log.pk, trainee=log.trainee, expected_version=1, sections={"use_of_self": "Old"}
        )
    log.refresh_from_db()
    assert log.use_of_self == "New"


def test_submit_notifies_the_supervisor_after_commit_with_a_link_and_no_text(
    log, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.log_submit(log_id=log.pk, trainee=log.trainee)
    log.refresh_from_db()
    assert log.state == LogState.SUBMITTED
    message = OutboxMessage.objects.get(recipient=log.session.provider)
    assert f"/review/{log.pk}/" in message.body
    assert CANARY not in message.body + message.subject
    assert len(callbacks) == 1


def test_a_double_submit_makes_one_transition_and_one_email(log):
    services.log_submit(log_id=log.pk, trainee=log.trainee)
    services.log_submit(log_id=log.pk, trainee=log.trainee)
    assert actions(log).count(AuditAction.SUBMITTED) == 1
    assert OutboxMessage.objects.count() == 1


def test_a_rolled_back_submit_sends_nothing(log, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.log_submit(log_id=log.pk, trainee=log.trainee)
        raise RuntimeError("the request failed after submit")
    log.refresh_from_db()
    assert log.state == LogState.DRAFT
    assert OutboxMessage.objects.count() == 0
    assert callbacks == []


def test_submit_asks_for_a_check_when_identifying_details_are_found(log):
    log.family_story = "Mrs Patel called from 555-123-4567."
    log.save()
    with pytest.raises(services.NeedsDeidCheck) as caught:
        services.log_submit(log_id=log.pk, trainee=log.trainee)
    assert {f.kind for f in caught.value.findings} == {"name", "phone number"}
    services.log_submit(log_id=log.pk, trainee=log.trainee, deid_confirmed=True)
    log.refresh_from_db()
    assert log.state == LogState.SUBMITTED


def test_an_empty_log_cannot_be_submitted(assignment):
    log = ReflectiveLogFactory(
        trainee=assignment.trainee,
        session__provider=assignment.supervisor,
        paired=False,
        family_story="",
        baby_in_mind="",
        use_of_self="",
        take_forward="",
    )
    with pytest.raises(services.LogActionRefused):
        services.log_submit(log_id=log.pk, trainee=log.trainee)


def test_return_comment_resubmit_and_sign_off(submitted_log):
    log, supervisor = submitted_log, submitted_log.session.provider
    services.log_comment(log_id=log.pk, reviewer=supervisor, section="use_of_self", body="Hm?")
    services.log_return(log_id=log.pk, reviewer=supervisor, request="Say more about the baby.")
    log.refresh_from_db()
    assert log.state == LogState.RETURNED
    assert log.return_request == "Say more about the baby."
    services.log_update(
        log_id=log.pk, trainee=log.trainee, expected_version=1, sections={"baby_in_mind": "More."}
    )
    services.log_submit(log_id=log.pk, trainee=log.trainee)
    sign_off = services.log_sign_off(log_id=log.pk, reviewer=supervisor, attested=True)
    log.refresh_from_db()
    assert log.state == LogState.SIGNED_OFF
    assert sign_off.version == 2
    assert sign_off.sha256 == log_hash(log)
    assert actions(log) == [
        AuditAction.SUBMITTED,
        AuditAction.COMMENTED,
        AuditAction.RETURNED,
        AuditAction.SUBMITTED,
        AuditAction.SIGNED_OFF,
    ]
    subjects = list(OutboxMessage.objects.values_list("subject", flat=True))
    assert len(subjects) == 4  # submit, return, submit again, sign-off


def test_signing_twice_makes_one_sign_off_one_audit_event_one_email(submitted_log):
    supervisor = submitted_log.session.provider
    first = services.log_sign_off(log_id=submitted_log.pk, reviewer=supervisor, attested=True)
    second = services.log_sign_off(log_id=submitted_log.pk, reviewer=supervisor, attested=True)
    assert first.pk == second.pk
    assert SignOff.objects.count() == 1
    assert actions(submitted_log).count(AuditAction.SIGNED_OFF) == 1
    assert OutboxMessage.objects.filter(recipient=submitted_log.trainee).count() == 1


def test_sign_off_needs_the_attestation(submitted_log):
    with pytest.raises(services.LogActionRefused):
        services.log_sign_off(
            log_id=submitted_log.pk, reviewer=submitted_log.session.provider, attested=False
        )


def test_only_the_sessions_supervisor_while_paired_can_sign(submitted_log):
    other = UserFactory(supervisor=True)
    SupervisionAssignmentFactory(supervisor=other, trainee=submitted_log.trainee)
    with pytest.raises(services.LogActionRefused):
        services.log_sign_off(log_id=submitted_log.pk, reviewer=other, attested=True)


def test_ending_the_assignment_ends_the_supervisors_access(submitted_log):
    supervisor = submitted_log.session.provider
    assignment = supervisor.supervisee_assignments.get()
    assignment.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    assignment.save()
    with pytest.raises(services.LogActionRefused):
        services.log_sign_off(log_id=submitted_log.pk, reviewer=supervisor, attested=True)


def test_a_draft_cannot_be_commented_returned_or_signed(log):
    supervisor = log.session.provider
    with pytest.raises(services.LogActionRefused):
        services.log_comment(log_id=log.pk, reviewer=supervisor, section="use_of_self", body="x")
    with pytest.raises(services.LogActionRefused):
        services.log_return(log_id=log.pk, reviewer=supervisor, request="x")
    with pytest.raises(services.LogActionRefused):
        services.log_sign_off(log_id=log.pk, reviewer=supervisor, attested=True)


def test_a_signed_log_is_corrected_by_a_signed_addendum(signed_log):
    supervisor = signed_log.session.provider
    addendum = services.addendum_add(
        log_id=signed_log.pk, trainee=signed_log.trainee, body="It was 50 minutes, not 60."
    )
    assert not addendum.is_signed
    signed = services.addendum_sign(addendum_id=addendum.pk, reviewer=supervisor)
    assert signed.is_signed and len(signed.sha256) == 64
    assert actions(signed_log)[-2:] == [AuditAction.ADDENDUM_ADDED, AuditAction.ADDENDUM_SIGNED]


def test_a_draft_cannot_take_an_addendum(log):
    with pytest.raises(services.LogActionRefused):
        services.addendum_add(log_id=log.pk, trainee=log.trainee, body="x")


def test_each_attendee_of_a_group_session_writes_their_own_log(supervisor):
    attendees = [UserFactory(trainee=True) for _ in range(2)]
    held_on = timezone.localdate() - datetime.timedelta(days=2)
    for trainee in attendees:
        SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    session = services.session_record_group(
        provider=supervisor,
        held_on=held_on,
        minutes=90,
        modality=Modality.VIDEO,
        attendees=attendees,
    )
    logs = [
        services.log_create(trainee=t, session=session, sections={"take_forward": "Listen."})
        for t in attendees
    ]
    assert {log.session_id for log in logs} == {session.pk}
    with pytest.raises(services.LogActionRefused):
        services.log_create(trainee=attendees[0], session=session, sections={})
    outsider = UserFactory(trainee=True)
    with pytest.raises(services.LogActionRefused):
        services.log_create(trainee=outsider, session=session, sections={})


def test_a_group_session_needs_paired_attendees(supervisor, trainee):
    with pytest.raises(ValidationError):
        services.session_record_group(
            provider=supervisor,
            held_on=timezone.localdate(),
            minutes=60,
            modality=Modality.VIDEO,
            attendees=[trainee],
        )


def test_audit_details_never_hold_text(signed_log):
    dumped = str(list(LogAuditEvent.objects.values_list("details", flat=True)))
    assert CANARY not in dumped


def test_peer_sessions_are_recorded_but_flagged(trainee):
    session = SupervisionSessionFactory(is_peer=True)
    log = ReflectiveLogFactory(trainee=trainee, session=session, state="signed_off")
    assert log.state == LogState.SIGNED_OFF
    assert log.session.is_peer
