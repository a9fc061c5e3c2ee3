"""Every change to sessions and logs: validated, in a transaction, audited, notified."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from training.notifications.services import outbox_enqueue
from training.providers import links as provider_links
from training.providers.models import LinkPurpose
from training.providers.selectors import is_outside_provider, provider_serves
from training.users.models import SupervisionAssignment, User
from training.users.permissions import user_supervises

from . import deid
from .enums import (
    EDITABLE_LOG_STATES,
    REVIEWABLE_LOG_STATES,
    AuditAction,
    LogState,
    SessionFormat,
)
from .ledger import ledger_append
from .models import (
    SECTION_FIELDS,
    Addendum,
    AttendanceSignOff,
    GroupAttendance,
    LogAuditEvent,
    LogComment,
    ReflectiveLog,
    SignOff,
    SupervisionSession,
)
from .permissions import (
    user_can_edit_log,
    user_can_log_session,
    user_can_review_log,
    user_can_sign_addendum,
    user_is_facilitator,
    user_is_log_trainee,
)
from .signing import addendum_hash, attendance_hash, log_hash

SESSION_FIELDS = ("held_on", "minutes", "modality", "provider", "is_peer")


class LogActionRefused(Exception):
    """The action does not fit the log's state or the person; the message says why."""


class StaleLog(LogActionRefused):
    """The log changed since the person's copy was loaded (another tab, another device)."""


class NeedsDeidCheck(LogActionRefused):
    def __init__(self, findings: list[deid.Finding]):
        super().__init__("Check the highlighted details before you submit.")
        self.findings = findings


def _link(name: str, **kwargs) -> str:
    return settings.WAGTAILADMIN_BASE_URL + reverse(name, kwargs=kwargs)


def _email(person, *, subject: str, body: str, dedupe_key: str, title: str | None = None):
    """Queue one email to `person`; the outbox sends it after commit, once per `dedupe_key`.

    `title` names the in-app notification (who did what, to which session: never log text)."""
    return outbox_enqueue(
        recipient=person,
        to_email=person.email,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        title=title,
    )


def _session_of(log: ReflectiveLog) -> str:
    return f"session of {log.session.held_on:%-d %b %Y}"


def audit_record(*, log: ReflectiveLog, actor, action: str, **details) -> LogAuditEvent:
    """Append one audit event; details carry ids and states, never text."""
    return LogAuditEvent.objects.create(
        log_ref=log.pk, actor=actor, action=action, details={"state": log.state, **details}
    )


def log_record_view(*, log: ReflectiveLog, viewer) -> None:
    """Every read of a log by someone other than its trainee leaves a trace."""
    if not user_is_log_trainee(viewer, log):
        audit_record(log=log, actor=viewer, action=AuditAction.VIEWED)


def _locked(log_id: int) -> ReflectiveLog:
    queryset = ReflectiveLog.objects.select_related("session", "trainee")
    if transaction.get_connection().features.has_select_for_update_of:
        return queryset.select_for_update(of=("self",)).get(pk=log_id)
    return queryset.select_for_update().get(pk=log_id)


def _session_fields(*, trainee, session_fields: dict) -> dict:
    """The individual session's facts, checked; peer consultation has no supervisor."""
    fields = {name: session_fields[name] for name in SESSION_FIELDS}
    if fields["is_peer"]:
        fields["provider"] = None
    _check_provider(trainee=trainee, **fields)
    return fields


def _check_provider(*, trainee, provider, held_on: datetime.date, is_peer=False, **_) -> None:
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The session cannot be in the future."})
    if is_peer:
        return
    if provider is None:
        raise ValidationError({"provider": "Choose your supervisor."})
    # An outside provider has no pairing dates: readiness decides from the registry what counts.
    if not (user_supervises(provider, trainee, on=held_on) or provider_serves(provider, trainee)):
        raise ValidationError(
            {
                "provider": "Choose a supervisor you were paired with on the session date, "
                "or one of your outside providers."
            }
        )


def _apply_content(log: ReflectiveLog, sections: dict, about_providing_rsc: bool) -> None:
    for name in SECTION_FIELDS:
        setattr(log, name, (sections.get(name) or "").strip())
    log.about_providing_rsc = about_providing_rsc


def _attendance_minutes(
    *, attendees: list, minutes: int, attendee_minutes: dict[int, int] | None
) -> dict[int, int]:
    """Each attendee's minutes: the session's length unless they came late or left early, and
    never more than the session."""
    attendee_minutes = attendee_minutes or {}
    chosen = {trainee.pk for trainee in attendees}
    if set(attendee_minutes) - chosen:
        raise ValidationError(
            {"attendees": "Minutes were given for someone who is not ticked as attending."}
        )
    found = {}
    for trainee in attendees:
        own = attendee_minutes.get(trainee.pk)
        if own is None:
            own = minutes
        if not 1 <= own <= minutes:
            raise ValidationError(
                {
                    "attendees": f"{trainee.display_name}'s minutes must be between 1 and the "
                    f"session's {minutes}."
                }
            )
        found[trainee.pk] = own
    return found


def _check_group(*, provider, held_on: datetime.date, attendees: list) -> None:
    if not attendees:
        raise ValidationError({"attendees": "Choose at least one attendee."})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The session cannot be in the future."})
    for trainee in attendees:
        if not user_supervises(provider, trainee, on=held_on):
            raise ValidationError(
                {
                    "attendees": f"You were not paired with {trainee.display_name} on "
                    f"{held_on:%d %b %Y}."
                }
            )


@transaction.atomic
def session_record_group(
    *,
    provider,
    held_on: datetime.date,
    minutes: int,
    modality: str,
    attendees: Iterable,
    is_peer: bool = False,
    attendee_minutes: dict[int, int] | None = None,
    sign: bool = False,
    attested: bool = False,
) -> SupervisionSession:
    """A facilitator records a group session and who attended for how long; with `sign`, she
    signs the attendance at once. Each attendee may then write their own log."""
    attendees = list(attendees)
    if sign and not attested:
        raise ValidationError({"attested": "Tick the attestation to sign the attendance now."})
    _check_group(provider=provider, held_on=held_on, attendees=attendees)
    own = _attendance_minutes(
        attendees=attendees, minutes=minutes, attendee_minutes=attendee_minutes
    )
    session = SupervisionSession.objects.create(
        held_on=held_on,
        minutes=minutes,
        format=SessionFormat.GROUP,
        modality=modality,
        provider=provider,
        is_peer=is_peer,
        recorded_by=provider,
    )
    session.attendees.set(attendees)
    GroupAttendance.objects.bulk_create(
        GroupAttendance(session=session, trainee_id=pk, minutes=m) for pk, m in own.items()
    )
    if sign:
        attendance_sign(session_id=session.pk, signer=provider, attested=True)
    return session


SERIES_LIMIT = 24


@transaction.atomic
def sessions_record_group_series(
    *, dates: Iterable[datetime.date], **fields
) -> list[SupervisionSession]:
    """The same group on several dates, in one go: each date its own session with its own
    attendance to sign. All or none: one date that cannot be recorded records nothing."""
    dates = sorted(set(dates))
    if not dates:
        raise ValidationError({"dates": "Give at least one date."})
    if len(dates) > SERIES_LIMIT:
        raise ValidationError({"dates": f"Record at most {SERIES_LIMIT} dates at a time."})
    if dates[-1] > timezone.localdate():
        raise ValidationError(
            {"dates": f"{dates[-1]:%d %b %Y} is in the future: record sessions once held."}
        )
    return [session_record_group(held_on=day, **fields) for day in dates]


def _locked_session(session_id: int) -> SupervisionSession:
    return SupervisionSession.objects.select_for_update().get(pk=session_id)


@transaction.atomic
def attendance_sign(
    *,
    session_id: int,
    signer,
    attested: bool,
    attendee_minutes: dict[int, int] | None = None,
) -> AttendanceSignOff:
    """The facilitator signs who attended and for how long (correcting minutes first when
    given): each attendee's minutes then count, with or without a log, and nothing about the
    attendance changes again. Signing twice signs once."""
    session = _locked_session(session_id)
    existing = AttendanceSignOff.objects.filter(session=session).first()
    if existing is not None:
        return existing
    if not user_is_facilitator(signer, session):
        raise LogActionRefused("Only the session's facilitator signs its attendance.")
    if not attested:
        raise ValidationError({"attested": "Tick the attestation to sign the attendance."})
    rows = {row.trainee_id: row for row in session.attendance.select_related("trainee")}
    if not rows:
        raise LogActionRefused("This session has no attendance to sign.")
    if attendee_minutes:
        own = _attendance_minutes(
            attendees=[row.trainee for row in rows.values()],
            minutes=session.minutes,
            attendee_minutes=attendee_minutes,
        )
        for pk, row in rows.items():
            if row.minutes != own[pk]:
                row.minutes = own[pk]
                row.save(update_fields=["minutes"])
    minutes = {pk: row.minutes for pk, row in rows.items()}
    sign_off = AttendanceSignOff.objects.create(
        session=session,
        signer=signer,
        signed_at=timezone.now(),
        attested=True,
        sha256=attendance_hash(session, minutes),
    )
    for row in rows.values():
        _email(
            row.trainee,
            subject="Your group session attendance is signed",
            body=(
                f"{signer.display_name} signed the attendance of the group session on "
                f"{session.held_on:%d %b %Y}: your {row.minutes} minutes now count.\n\n"
                f"See your logs in Attune: {_link('reflective_logs:list')}\n"
            ),
            dedupe_key=f"rlog-attendance-{session.pk}-{row.trainee_id}",
        )
    return sign_off


@transaction.atomic
def log_create(
    *,
    trainee,
    sections: dict,
    competencies: Iterable = (),
    about_providing_rsc: bool = False,
    session: SupervisionSession | None = None,
    session_fields: dict | None = None,
) -> ReflectiveLog:
    """Start a draft: against a group session the trainee attended, or a new individual one."""
    if session is not None:
        if not user_can_log_session(trainee, session):
            raise LogActionRefused("You did not attend this group session.")
        if ReflectiveLog.objects.filter(trainee=trainee, session=session).exists():
            raise LogActionRefused("You have already written a log for this session.")
    else:
        fields = _session_fields(trainee=trainee, session_fields=session_fields)
        session = SupervisionSession.objects.create(
            format=SessionFormat.INDIVIDUAL, recorded_by=trainee, **fields
        )
    log = ReflectiveLog(trainee=trainee, session=session)
    _apply_content(log, sections, about_providing_rsc)
    log.save()
    log.competencies.set(competencies)
    audit_record(log=log, actor=trainee, action=AuditAction.CREATED)
    return log


@transaction.atomic
def log_update(
    *,
    log_id: int,
    trainee,
    expected_version: int,
    sections: dict,
    competencies: Iterable | None = None,
    about_providing_rsc: bool = False,
    session_fields: dict | None = None,
) -> ReflectiveLog:
    """Save a draft (or a returned log); refuse a copy older than what is stored."""
    log = _locked(log_id)
    if not user_can_edit_log(trainee, log):
        raise LogActionRefused("This log can no longer be edited.")
    if expected_version != log.version:
        raise StaleLog(
            "This log was saved from another tab or device after you opened it. "
            "Your text below has not been saved: copy it, reload the page, and add it back."
        )
    session = log.session
    if session_fields and not session.is_group:
        fields = _session_fields(trainee=trainee, session_fields=session_fields)
        for name, value in fields.items():
            setattr(session, name, value)
        session.save()
    _apply_content(log, sections, about_providing_rsc)
    log.version += 1
    log.updated_at = timezone.now()
    log.save()
    if competencies is not None:
        log.competencies.set(competencies)
    return log


@transaction.atomic
def log_discard(*, log_id: int, trainee) -> None:
    """The trainee throws away a log she may still edit (a draft, or one returned to her):
    it, its comments and its own individual session go; the audit trail keeps that it did.
    A submitted, kept or signed log is never discarded."""
    log = _locked(log_id)
    if not user_can_edit_log(trainee, log):
        raise LogActionRefused("Only a draft or a log returned to you can be discarded.")
    audit_record(log=log, actor=trainee, action=AuditAction.DISCARDED, version=log.version)
    provider_links.links_revoke(purpose=LinkPurpose.LOG_REVIEW, target_id=log.pk)
    session = log.session
    log.delete()
    # A group session is the facilitator's record of who came; only the trainee's own goes.
    if not session.is_group and not session.logs.exists():
        session.delete()


def _ready_to_finish(log: ReflectiveLog, *, trainee, deid_confirmed: bool) -> list:
    """Refuse a log that cannot leave the draft now; the de-identification findings."""
    if not user_is_log_trainee(trainee, log):
        raise LogActionRefused("Only the trainee submits their log.")
    if log.state not in EDITABLE_LOG_STATES:
        raise LogActionRefused("This log cannot be submitted now.")
    if not log.text().strip():
        raise LogActionRefused("Write at least one section before you submit.")
    findings = deid.find_in_log(log)
    if findings and not deid_confirmed:
        raise NeedsDeidCheck(findings)
    return findings


@transaction.atomic
def log_keep(*, log_id: int, trainee, deid_confirmed: bool = False) -> ReflectiveLog:
    """Keep a peer consultation in the trainee's own record: final, sent to nobody, never
    counted. Keeping twice keeps once."""
    log = _locked(log_id)
    if not user_is_log_trainee(trainee, log):
        raise LogActionRefused("Only the trainee keeps their log.")
    if log.state == LogState.KEPT:
        return log
    if not log.session.is_peer:
        raise LogActionRefused("Only peer consultation is kept without review.")
    findings = _ready_to_finish(log, trainee=trainee, deid_confirmed=deid_confirmed)
    log.state = LogState.KEPT
    log.save(update_fields=["state"])
    audit_record(
        log=log, actor=trainee, action=AuditAction.KEPT, version=log.version, flagged=len(findings)
    )
    return log


@transaction.atomic
def log_submit(*, log_id: int, trainee, deid_confirmed: bool = False) -> ReflectiveLog:
    """Send the log to the supervisor. A second submit of the same log changes nothing.

    Peer consultation is never sent: it has no supervisor to review it (see `log_keep`)."""
    log = _locked(log_id)
    if not user_is_log_trainee(trainee, log):
        raise LogActionRefused("Only the trainee submits their log.")
    if log.state in (LogState.SUBMITTED, LogState.SIGNED_OFF):
        return log
    if log.session.is_peer:
        raise LogActionRefused(
            "Peer consultation is not sent for review: keep it in your own record."
        )
    findings = _ready_to_finish(log, trainee=trainee, deid_confirmed=deid_confirmed)
    log.state = LogState.SUBMITTED
    log.submitted_at = timezone.now()
    log.save(update_fields=["state", "submitted_at"])
    audit_record(
        log=log,
        actor=trainee,
        action=AuditAction.SUBMITTED,
        version=log.version,
        flagged=len(findings),
    )
    provider = log.session.provider
    if is_outside_provider(provider):
        provider_link_send(log=log, sender=trainee)
        return log
    _email(
        provider,
        subject="A reflective log is waiting for your review",
        body=(
            f"{log.trainee.display_name} submitted a reflective log for review.\n\n"
            f"Read it in Attune: {_link('reflective_logs:review', pk=log.pk)}\n"
        ),
        dedupe_key=f"rlog-{log.pk}-submitted-v{log.version}",
        title=f"{log.trainee.display_name} sent a log for review ({_session_of(log)})",
    )
    return log


def provider_link_send(*, log: ReflectiveLog, sender) -> None:
    """Email the log's outside provider a new link to review it (an earlier one closes)."""
    session = log.session
    provider_links.link_send(
        provider=session.provider,
        purpose=LinkPurpose.LOG_REVIEW,
        target_id=log.pk,
        created_by=sender,
        url_name="reflective_logs:provider_review",
        subject=f"{log.trainee.display_name} asks you to sign off a supervision session",
        summary=(
            f"{log.trainee.display_name} recorded a reflective supervision session with you on "
            f"{session.held_on:%d %B %Y} ({session.minutes} minutes) and asks you to read "
            "their reflection, then sign it off or return it with a request."
        ),
    )


@transaction.atomic
def provider_link_resend(*, log_id: int, trainee) -> None:
    """The trainee sends her outside provider a fresh link (the old one closes)."""
    log = _locked(log_id)
    if not (user_is_log_trainee(trainee, log) and log.state == LogState.SUBMITTED):
        raise LogActionRefused("Only a log waiting for review can be sent again.")
    if not is_outside_provider(log.session.provider):
        raise LogActionRefused("Your supervisor reviews this log in Attune.")
    provider_link_send(log=log, sender=trainee)


@transaction.atomic
def provider_link_revoke(*, log_id: int, trainee) -> int:
    """The trainee closes every link sent for this log."""
    log = _locked(log_id)
    if not user_is_log_trainee(trainee, log):
        raise LogActionRefused("Only the trainee withdraws a link for her log.")
    return provider_links.links_revoke(purpose=LinkPurpose.LOG_REVIEW, target_id=log.pk)


def _may_review(reviewer, log: ReflectiveLog, link) -> bool:
    """In Attune, the assigned supervisor; through a link, the outside provider it was sent to,
    while the log waits for review and the provider is still on the trainee's list."""
    if link is None:
        return user_can_review_log(reviewer, log)
    return (
        log.state in REVIEWABLE_LOG_STATES
        and link.purpose == LinkPurpose.LOG_REVIEW
        and link.target_id == log.pk
        and link.provider_id == reviewer.pk == log.session.provider_id
        and provider_links.link_state(link) == provider_links.LinkState.OPEN
        and provider_serves(reviewer, log.trainee)
    )


def _link_details(link) -> dict:
    """How a provider acting through a link was identified, for the audit trail."""
    if link is None:
        return {}
    return {"via": "email link and one-time code", "link": link.pk, "email": link.email}


@transaction.atomic
def log_comment(*, log_id: int, reviewer, section: str, body: str, link=None) -> LogComment:
    """A supervisor's comment on one section of a submitted log."""
    log = _locked(log_id)
    if not _may_review(reviewer, log, link):
        raise LogActionRefused("Comments can be added only while the log waits for review.")
    # Through a link (no account, so no one-time form key) the log's lock makes the same
    # comment sent twice, a double click, count once.
    same = log.comments.filter(author=reviewer, section=section, body=body).first()
    if link is not None and same is not None:
        return same
    comment = LogComment.objects.create(log=log, author=reviewer, section=section, body=body)
    audit_record(
        log=log,
        actor=reviewer,
        action=AuditAction.COMMENTED,
        section=section,
        **_link_details(link),
    )
    return comment


@transaction.atomic
def log_return(*, log_id: int, reviewer, request: str, link=None) -> ReflectiveLog:
    """Hand the log back to the trainee with what to change."""
    log = _locked(log_id)
    if log.state == LogState.RETURNED:
        return log
    if not _may_review(reviewer, log, link):
        raise LogActionRefused("Only a log waiting for review can be returned.")
    if link is not None:
        provider_links.link_use(link)
    log.state = LogState.RETURNED
    log.return_request = request.strip()
    log.save(update_fields=["state", "return_request"])
    audit_record(
        log=log,
        actor=reviewer,
        action=AuditAction.RETURNED,
        version=log.version,
        **_link_details(link),
    )
    _email(
        log.trainee,
        subject="Your supervisor returned a reflective log",
        body=(
            "Your supervisor returned a reflective log with a request.\n\n"
            f"Read it in Attune: {_link('reflective_logs:edit', pk=log.pk)}\n"
        ),
        dedupe_key=f"rlog-{log.pk}-returned-v{log.version}",
        title=f"{reviewer.display_name} returned a log for changes ({_session_of(log)})",
    )
    return log


@transaction.atomic
def log_sign_off(*, log_id: int, reviewer, attested: bool, link=None) -> SignOff:
    """Sign the log: it is locked and hashed, and its hours count. Signing twice signs once.

    With `link`, an outside provider signs through the link emailed to them (after its one-time
    code): the link is used up, and the audit trail says how they were identified."""
    if not attested:
        raise LogActionRefused("Confirm the attestation to sign off.")
    log = _locked(log_id)
    if log.state == LogState.SIGNED_OFF:
        return log.sign_off
    if not _may_review(reviewer, log, link):
        raise LogActionRefused("Only a log waiting for review can be signed off.")
    if link is not None:
        provider_links.link_use(link)
    now = timezone.now()
    # The sign-off row comes first: the database lets a log into signed_off only when its
    # sign-off exists (locks.py), and the sign-off joins the ledger's chain.
    sign_off = ledger_append(log=log, signer=reviewer, signed_at=now, sha256=log_hash(log))
    log.state = LogState.SIGNED_OFF
    log.signed_off_at = now
    log.return_request = ""
    log.save(update_fields=["state", "signed_off_at", "return_request"])
    audit_record(
        log=log,
        actor=reviewer,
        action=AuditAction.SIGNED_OFF,
        version=log.version,
        sha256=sign_off.sha256,
        **_link_details(link),
    )
    _email(
        log.trainee,
        subject="Your reflective log is signed off",
        body=(
            "Your supervisor signed off a reflective log; its hours now count.\n\n"
            f"See it in Attune: {_link('reflective_logs:detail', pk=log.pk)}\n"
        ),
        dedupe_key=f"rlog-{log.pk}-signed",
        title=f"{reviewer.display_name} signed off your log ({_session_of(log)})",
    )
    return sign_off


@transaction.atomic
def addendum_add(*, log_id: int, trainee, body: str) -> Addendum:
    """A correction to a signed log, kept beside it; the supervisor signs it in turn."""
    log = _locked(log_id)
    if not (user_is_log_trainee(trainee, log) and log.is_signed_off):
        raise LogActionRefused("Addenda are for signed-off logs.")
    # The log is locked: the same correction sent twice at once is added once.
    same = log.addenda.filter(author=trainee, body=body.strip(), signed_at__isnull=True).first()
    if same is not None:
        return same
    addendum = Addendum.objects.create(log=log, author=trainee, body=body.strip())
    audit_record(log=log, actor=trainee, action=AuditAction.ADDENDUM_ADDED, addendum=addendum.pk)
    provider = log.session.provider
    if is_outside_provider(provider):
        return addendum  # they sign in nowhere; the correction stays beside the log, unsigned
    _email(
        provider,
        subject="A correction to a signed log is waiting for you",
        body=f"Read it in Attune: {_link('reflective_logs:review', pk=log.pk)}\n",
        dedupe_key=f"rlog-addendum-{addendum.pk}",
        title=f"{trainee.display_name} sent a correction to a signed log ({_session_of(log)})",
    )
    return addendum


@transaction.atomic
def addendum_sign(*, addendum_id: int, reviewer) -> Addendum:
    addendum = (
        Addendum.objects.select_for_update().select_related("log__session").get(pk=addendum_id)
    )
    if addendum.is_signed:
        return addendum
    if not user_can_sign_addendum(reviewer, addendum.log):
        raise LogActionRefused("Only the log's supervisor signs its addenda.")
    addendum.signer = reviewer
    addendum.signed_at = timezone.now()
    addendum.sha256 = addendum_hash(addendum)
    addendum.save(update_fields=["signer", "signed_at", "sha256"])
    audit_record(
        log=addendum.log,
        actor=reviewer,
        action=AuditAction.ADDENDUM_SIGNED,
        addendum=addendum.pk,
        sha256=addendum.sha256,
    )
    return addendum


# Reminders (run daily by celery beat)

IDLE_DAYS = 30


def _wants_reminders(user) -> bool:
    profile = getattr(user, "profile", None)
    return profile is None or profile.reminders_enabled


def _overdue_logs(now):
    cutoff = now - datetime.timedelta(days=settings.ATTUNE_REVIEW_OVERDUE_DAYS)
    return ReflectiveLog.objects.filter(state=LogState.SUBMITTED, submitted_at__lt=cutoff)


def overdue_log_ids(*, now=None) -> list[int]:
    return list(_overdue_logs(now or timezone.now()).order_by("pk").values_list("pk", flat=True))


def reminders_overdue_reviews(*, now=None, log_ids: list[int] | None = None) -> int:
    """Remind each supervisor once about each log waiting longer than the review limit
    (only the logs in `log_ids`, when given: one batch of the nightly job)."""
    now = now or timezone.now()
    overdue = _overdue_logs(now).select_related("session__provider__profile")
    if log_ids is not None:
        overdue = overdue.filter(pk__in=log_ids)
    sent = 0
    for log in overdue:
        provider = log.session.provider
        if not _wants_reminders(provider) or is_outside_provider(provider):
            continue
        with transaction.atomic():
            message = _email(
                provider,
                subject="A reflective log has waited a while for your review",
                body=(
                    "A supervisee's reflective log is past the review time.\n\n"
                    f"Open it in Attune: {_link('reflective_logs:review', pk=log.pk)}\n"
                    f"Switch reminders off in your profile: {_link('profile')}\n"
                ),
                dedupe_key=f"rlog-{log.pk}-overdue-v{log.version}-{log.submitted_at:%Y%m%d%H%M}",
            )
        sent += message is not None
    return sent


def _idle_candidates(today: datetime.date):
    cutoff = today - datetime.timedelta(days=IDLE_DAYS)
    paired = SupervisionAssignment.objects.active_on(today).filter(starts_on__lte=cutoff)
    return User.objects.filter(pk__in=paired.values("trainee"), is_active=True)


def idle_trainee_ids(*, today: datetime.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(_idle_candidates(today).order_by("pk").values_list("pk", flat=True))


def reminders_idle_trainees(
    *, today: datetime.date | None = None, trainee_ids: list[int] | None = None
) -> int:
    """Nudge paired trainees who have written no log for IDLE_DAYS, once per quiet spell
    (only those in `trainee_ids`, when given: one batch of the nightly job)."""

    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=IDLE_DAYS)
    trainees = _idle_candidates(today)
    if trainee_ids is not None:
        trainees = trainees.filter(pk__in=trainee_ids)
    sent = 0
    for trainee in trainees.select_related("profile"):
        if not _wants_reminders(trainee):
            continue
        last = ReflectiveLog.objects.filter(trainee=trainee).order_by("-created_at").first()
        if last is not None and timezone.localdate(last.created_at) > cutoff:
            continue
        with transaction.atomic():
            message = _email(
                trainee,
                subject="Time to reflect on a supervision session?",
                body=(
                    f"You have not logged a supervision session for {IDLE_DAYS} days.\n\n"
                    f"Write one in Attune: {_link('reflective_logs:create')}\n"
                    f"Switch reminders off in your profile: {_link('profile')}\n"
                ),
                dedupe_key=f"rlog-idle-{trainee.pk}-{last.pk if last else 'none'}",
            )
        sent += message is not None
    return sent
