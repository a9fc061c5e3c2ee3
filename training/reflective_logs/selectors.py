"""View-shaped reads: hours, queues, lists. None of them returns log text to a third party."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import router
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.text import Truncator

from training.competencies.models import Competency
from training.core.hours import minutes_to_hours
from training.providers.links import LinkState, link_state
from training.providers.models import LinkPurpose, ProviderLink
from training.providers.selectors import is_outside_provider
from training.users.models import SupervisionAssignment, User

from .enums import AuditAction, LogState, SessionFormat
from .models import GroupAttendance, LogAuditEvent, ReflectiveLog, SignOff, SupervisionSession


@dataclass(frozen=True)
class RscRow:
    """A submitted or signed-off log as hours and readiness read it: never its text."""

    log_id: int
    held_on: datetime.date
    minutes: int
    provider_id: int | None  # None: peer consultation the trainee kept, with no supervisor
    provider_name: str
    individual: bool
    peer: bool
    about_providing_rsc: bool
    signed_on: datetime.date | None
    sha256: str
    competency_ids: tuple[int, ...]
    signed_off: bool = True
    # What the hours come from: "rsc" a reflective log (`log_id` is the log); other kinds name
    # other RSC evidence (attendance at a group session, hours received before Attune) and
    # `log_id` is then that record's id. Readiness reports each outcome under this kind.
    kind: str = "rsc"
    # A log on a group session whose attendance carries the attendee's minutes: shown and
    # judged, but its own minutes are never added (the attendance row counts them, once).
    hours_elsewhere: bool = False

    @property
    def is_attendance(self) -> bool:
        return self.kind == ATTENDANCE_KIND

    @property
    def counted_minutes(self) -> int:
        """The minutes this row adds once signed (none for peer consultation or a log whose
        hours the group's attendance carries)."""
        return 0 if self.peer or self.hours_elsewhere else self.minutes


ATTENDANCE_KIND = "rsc_attendance"


# Logs that are evidence: signed off, or submitted and waiting for sign-off; and peer
# consultation the trainee kept, so readiness can say why it does not count.
_EVIDENCE_STATES = (LogState.SUBMITTED, LogState.SIGNED_OFF, LogState.KEPT)


def rsc_rows_by_trainee(
    trainee_ids, *, held_after: datetime.date | None = None, signed_only: bool = False
) -> dict[int, list[RscRow]]:
    """Each trainee's submitted and signed-off logs, oldest first: the one place RSC is read.

    Group attendance comes in as rows of its own (kind "rsc_attendance"), and a log whose
    session's minutes the trainee's attendance carries says so (`hours_elsewhere`).

    Three small queries whatever the batch (logs with their sessions, providers' names and
    sign-offs as plain values, their competency tags, then group attendance).
    """
    states = (LogState.SIGNED_OFF,) if signed_only else _EVIDENCE_STATES
    trainee_ids = list(trainee_ids)
    in_attendance = GroupAttendance.objects.filter(
        session=OuterRef("session"), trainee=OuterRef("trainee")
    )
    logs = ReflectiveLog.objects.filter(trainee_id__in=trainee_ids, state__in=states).annotate(
        # Where the trainee has an attendance row, the attendance carries her minutes (her own,
        # signed by the facilitator) and her log on the session adds none: counted once.
        hours_elsewhere=Exists(in_attendance)
    )
    if held_after is not None:
        logs = logs.filter(session__held_on__gt=held_after)
    values = list(
        logs.order_by("session__held_on", "pk").values_list(
            "pk",
            "trainee_id",
            "state",
            "session__held_on",
            "session__minutes",
            "session__provider_id",
            "session__provider__first_name",
            "session__provider__last_name",
            "session__provider__email",
            "session__format",
            "session__is_peer",
            "about_providing_rsc",
            "sign_off__signed_at",
            "sign_off__sha256",
            "session_id",
            "hours_elsewhere",
        )
    )
    attendance = _attendance_values(trainee_ids, held_after=held_after, signed_only=signed_only)
    rows: dict[int, list[RscRow]] = defaultdict(list)
    tags: dict[int, list[int]] = defaultdict(list)
    if values:
        for log_id, competency_id in ReflectiveLog.competencies.through.objects.filter(
            reflectivelog_id__in=[v[0] for v in values]
        ).values_list("reflectivelog_id", "competency_id"):
            tags[log_id].append(competency_id)
    about: dict[tuple[int, int], bool] = {}
    for (
        pk,
        trainee_id,
        state,
        held_on,
        minutes,
        provider_id,
        first_name,
        last_name,
        email,
        session_format,
        is_peer,
        about_providing_rsc,
        signed_at,
        sha256,
        session_id,
        hours_elsewhere,
    ) in values:
        signed = state == LogState.SIGNED_OFF
        if signed:
            about[(trainee_id, session_id)] = about_providing_rsc
        rows[trainee_id].append(
            RscRow(
                log_id=pk,
                held_on=held_on,
                minutes=minutes,
                provider_id=provider_id,
                provider_name=_provider_name(provider_id, first_name, last_name, email),
                individual=session_format != SessionFormat.GROUP,
                peer=is_peer,
                about_providing_rsc=about_providing_rsc,
                signed_on=timezone.localdate(signed_at) if signed and signed_at else None,
                sha256=(sha256 or "") if signed else "",
                competency_ids=tuple(sorted(tags[pk])),
                signed_off=signed,
                hours_elsewhere=hours_elsewhere,
            )
        )
    for (
        pk,
        trainee_id,
        session_id,
        own_minutes,
        held_on,
        provider_id,
        first_name,
        last_name,
        email,
        is_peer,
        signed_at,
        sha256,
    ) in attendance:
        rows[trainee_id].append(
            RscRow(
                log_id=pk,
                held_on=held_on,
                minutes=own_minutes,
                provider_id=provider_id,
                provider_name=_provider_name(provider_id, first_name, last_name, email),
                individual=False,
                peer=is_peer,
                # What the attendee's own signed log says of the session applies to its minutes.
                about_providing_rsc=about.get((trainee_id, session_id), False),
                signed_on=timezone.localdate(signed_at) if signed_at else None,
                sha256=sha256 or "",
                competency_ids=(),
                signed_off=signed_at is not None,
                kind=ATTENDANCE_KIND,
            )
        )
    for found in rows.values():
        found.sort(key=lambda row: (row.held_on, row.kind, row.log_id))
    return rows


def _provider_name(provider_id, first_name, last_name, email) -> str:
    if provider_id is None:
        return "peer consultation (no supervisor)"
    return User.name_from(first_name, last_name, email)


def _attendance_values(
    trainee_ids: list[int], *, held_after: datetime.date | None, signed_only: bool = False
) -> list[tuple]:
    """The trainees' group attendance as plain values (one query), oldest first."""
    found = GroupAttendance.objects.filter(trainee_id__in=trainee_ids)
    if held_after is not None:
        found = found.filter(session__held_on__gt=held_after)
    if signed_only:
        found = found.filter(session__attendance_sign_off__isnull=False)
    return list(
        found.order_by("session__held_on", "pk").values_list(
            "pk",
            "trainee_id",
            "session_id",
            "minutes",
            "session__held_on",
            "session__provider_id",
            "session__provider__first_name",
            "session__provider__last_name",
            "session__provider__email",
            "session__is_peer",
            "session__attendance_sign_off__signed_at",
            "session__attendance_sign_off__sha256",
        )
    )


def counted_minutes_by_trainee(trainee_ids) -> dict[int, int]:
    """Each trainee's signed RSC minutes, every session counted once: signed logs (never peer
    consultation) whose hours no attendance carries, plus signed group attendance. Two
    aggregate queries, for dashboards and tables that show totals only. `trainee_ids` may be
    a list or a subquery (a values queryset of one column)."""
    if not isinstance(trainee_ids, QuerySet):
        trainee_ids = list(trainee_ids)
    in_attendance = GroupAttendance.objects.filter(
        session=OuterRef("session"), trainee=OuterRef("trainee")
    )
    totals: dict[int, int] = defaultdict(int)
    for trainee_id, minutes in (
        ReflectiveLog.objects.counting()
        .filter(trainee_id__in=trainee_ids)
        .filter(~Exists(in_attendance))
        .values("trainee_id")
        .annotate(m=Sum("session__minutes"))
        .values_list("trainee_id", "m")
    ):
        totals[trainee_id] += minutes or 0
    for trainee_id, minutes in (
        GroupAttendance.objects.filter(
            trainee_id__in=trainee_ids,
            session__attendance_sign_off__isnull=False,
            session__is_peer=False,
        )
        .values("trainee_id")
        .annotate(m=Sum("minutes"))
        .values_list("trainee_id", "m")
    ):
        totals[trainee_id] += minutes or 0
    return dict(totals)


def signed_rsc_rows(*, trainee) -> list[RscRow]:
    """One trainee's signed-off logs, oldest first."""
    return rsc_rows_by_trainee([trainee.pk], signed_only=True).get(trainee.pk, [])


@dataclass(frozen=True)
class RscHours:
    total: Decimal
    last_12_months: Decimal
    last_24_months: Decimal
    by_provider: list[tuple[str, Decimal]]
    about_providing_rsc: Decimal
    last_session: datetime.date | None


def rsc_hours(*, rows: list[RscRow], today: datetime.date | None = None) -> RscHours:
    """Signed RSC hours that count (peer consultation never does)."""
    today = today or timezone.localdate()
    rows = [r for r in rows if r.signed_off]
    counting = [r for r in rows if r.counted_minutes]
    year, two_years = today - datetime.timedelta(days=365), today - datetime.timedelta(days=730)
    by_provider: dict[str, int] = defaultdict(int)
    for row in counting:
        by_provider[row.provider_name] += row.minutes
    return RscHours(
        total=minutes_to_hours(sum(r.minutes for r in counting)),
        last_12_months=minutes_to_hours(sum(r.minutes for r in counting if r.held_on > year)),
        last_24_months=minutes_to_hours(sum(r.minutes for r in counting if r.held_on > two_years)),
        by_provider=sorted(
            ((name, minutes_to_hours(m)) for name, m in by_provider.items()), key=lambda p: -p[1]
        ),
        about_providing_rsc=minutes_to_hours(
            sum(r.minutes for r in counting if r.about_providing_rsc)
        ),
        last_session=max((r.held_on for r in rows), default=None),
    )


def trainee_logs(*, trainee):
    return (
        ReflectiveLog.objects.of_trainee(trainee)
        .select_related("session__provider")
        .order_by("-session__held_on", "-pk")
    )


def group_sessions_to_log(*, trainee):
    """Group sessions the trainee attended and has not yet written about."""
    return (
        SupervisionSession.objects.filter(attendees=trainee)
        .exclude(logs__trainee=trainee)
        .select_related("provider")
        .order_by("-held_on")
    )


@dataclass(frozen=True)
class QueueItem:
    log: ReflectiveLog
    waiting_days: int
    overdue: bool


def _waiting_logs(*, supervisor, today: datetime.date) -> QuerySet:
    """Submitted logs from the supervisor's current supervisees, in queue order (oldest first)."""
    current = SupervisionAssignment.objects.active_on(today).filter(supervisor=supervisor)
    return (
        ReflectiveLog.objects.waiting_for(supervisor)
        .filter(trainee__in=current.values("trainee"))
        .select_related("trainee", "session")
        .order_by("submitted_at", "pk")
    )


def review_queue(*, supervisor, now: datetime.datetime | None = None) -> list[QueueItem]:
    """Submitted logs from the supervisor's current supervisees, oldest first."""
    now = now or timezone.now()
    limit = settings.ATTUNE_REVIEW_OVERDUE_DAYS
    logs = _waiting_logs(supervisor=supervisor, today=timezone.localdate(now))
    items = []
    for log in logs:
        waiting = (now - log.submitted_at).days
        items.append(QueueItem(log=log, waiting_days=waiting, overdue=waiting >= limit))
    return items


def supervisee_hours(*, supervisor) -> list[dict]:
    """Each current supervisee's signed hours, last session and logs this supervisor signed."""
    assignments = (
        SupervisionAssignment.objects.current()
        .filter(supervisor=supervisor)
        .select_related("trainee")
        .order_by("trainee__last_name", "trainee__first_name")
    )
    trainees = {a.trainee_id: a.trainee for a in assignments}
    figures = {
        row["trainee_id"]: row
        for row in ReflectiveLog.objects.filter(trainee_id__in=trainees)
        .values("trainee_id")
        .annotate(
            # Peer consultation a trainee kept is hers alone: not a session with the supervisor.
            last=Max("session__held_on", filter=~Q(state=LogState.KEPT)),
            # Their logs this supervisor signed: the way into her archive for this supervisee.
            signed=Count("pk", filter=Q(sign_off__signer=supervisor)),
        )
    }
    minutes = counted_minutes_by_trainee(trainees)
    return [
        {
            "trainee": t,
            "hours": minutes_to_hours(minutes.get(pk, 0)),
            "last_session": figures.get(pk, {}).get("last"),
            "signed_by_you": figures.get(pk, {}).get("signed", 0),
        }
        for pk, t in trainees.items()
    ]


def trainee_dashboard_panel(*, user, rows: list[RscRow] | None = None) -> dict:
    """Context for the trainee dashboard's hours panel (from `rows` when already read)."""
    return {"rsc_hours": rsc_hours(rows=signed_rsc_rows(trainee=user) if rows is None else rows)}


def supervisor_dashboard_panel(*, user) -> dict:
    return {
        "rsc_supervisees": supervisee_hours(supervisor=user),
        "rsc_queue": review_queue(supervisor=user),
    }


def comments_by_section(*, log) -> dict[str, list]:
    """A log's comments grouped under the section each is anchored to."""
    grouped: dict[str, list] = defaultdict(list)
    for comment in log.comments.select_related("author"):
        grouped[comment.section].append(comment)
    return dict(grouped)


def coordinator_dashboard_panel(*, trainee_ids) -> dict:
    """Log status and signed hours of these trainees (the coordinator's cohorts): numbers only,
    never text."""
    limit = timezone.now() - datetime.timedelta(days=settings.ATTUNE_REVIEW_OVERDUE_DAYS)
    logs = ReflectiveLog.objects.filter(trainee_id__in=trainee_ids)
    counts = dict.fromkeys(LogState.values, 0)
    for state, count in logs.values_list("state").annotate(n=Count("pk")).values_list("state", "n"):
        counts[state] = count
    overdue = (
        logs.filter(state=LogState.SUBMITTED, submitted_at__lt=limit)
        .values("session__provider")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    provider_ids = [row["session__provider"] for row in overdue]
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=provider_ids)}
    signed_minutes = sum(counted_minutes_by_trainee(trainee_ids).values())
    return {
        "rsc_overview": {
            "counts": [(LogState(state).label, n) for state, n in counts.items()],
            "signed_hours": minutes_to_hours(signed_minutes),
            "overdue_by_supervisor": [(names[r["session__provider"]], r["n"]) for r in overdue],
        }
    }


def competencies_tagging_signed_logs(objects) -> list:
    """The competencies deleting `objects` would remove (themselves, or by cascade from a domain
    or framework) that tag a signed-off reflective log: a signed log never changes, so these
    cannot go."""
    objects = list(objects)
    if not objects:
        return []
    collector = Collector(using=router.db_for_write(type(objects[0])))
    collector.collect(objects)
    ids = [c.pk for c in collector.data.get(Competency, ())]
    if not ids:
        return []
    signed = ReflectiveLog.objects.signed_off().filter(competencies__in=ids)
    return list(Competency.objects.filter(pk__in=signed.values("competencies")).filter(pk__in=ids))


def signed_via(log: ReflectiveLog) -> str:
    """How the signer of a signed log was identified, when not by signing in to Attune."""
    if not log.is_signed_off:
        return ""
    event = (
        LogAuditEvent.objects.filter(log_ref=log.pk, action=AuditAction.SIGNED_OFF)
        .order_by("-at")
        .first()
    )
    if event is None or "via" not in event.details:
        return ""
    return f"Outside provider, identified by a one-time code sent to {event.details['email']}"


def next_waiting_log(*, supervisor, after: ReflectiveLog | None = None) -> ReflectiveLog | None:
    """The first log still waiting in the supervisor's queue (not `after`, just acted on)."""
    logs = _waiting_logs(supervisor=supervisor, today=timezone.localdate())
    if after is not None:
        logs = logs.exclude(pk=after.pk)
    return logs.first()


def sessions_signed_by(user, *, trainee_id: int | None = None):
    """What a provider signed (for one trainee, if given): dates, minutes, whose and when; never
    the text."""
    rows = SignOff.objects.filter(signer=user)
    if trainee_id is not None:
        rows = rows.filter(log__trainee_id=trainee_id)
    return rows.select_related("log__session", "log__trainee").order_by("-signed_at", "-pk")


def current_supervisee_ids(*, supervisor) -> set[int]:
    """Whom the supervisor supervises today: the signed logs they may still open and read."""
    current = SupervisionAssignment.objects.current().filter(supervisor=supervisor)
    return set(current.values_list("trainee_id", flat=True))


@dataclass(frozen=True)
class SignedFor:
    trainee: User
    count: int


def trainees_signed_for(user) -> list[SignedFor]:
    """Each person whose logs this provider signed, with how many, by name: the archive's
    filter. Only sign-offs by `user` are read, so nobody else's supervisee appears."""
    counts = dict(
        SignOff.objects.filter(signer=user)
        .values_list("log__trainee_id")
        .annotate(n=Count("pk"))
        .values_list("log__trainee_id", "n")
    )
    people = User.objects.filter(pk__in=counts).order_by("last_name", "first_name", "pk")
    return [SignedFor(trainee=person, count=counts[person.pk]) for person in people]


def sent_to_outside_provider(log: ReflectiveLog) -> bool:
    return is_outside_provider(log.session.provider)


def open_review_link(log: ReflectiveLog):
    """The open link sent for this log, if any (for the trainee to resend or withdraw)."""
    found = (
        ProviderLink.objects.filter(
            purpose=LinkPurpose.LOG_REVIEW,
            target_id=log.pk,
            used_at__isnull=True,
            revoked_at__isnull=True,
        )
        .select_related("provider")
        .first()
    )
    if found is None or link_state(found) != LinkState.OPEN:
        return None
    return found


def facilitator_group_sessions(*, facilitator):
    """The group sessions this supervisor facilitated, newest first, with attendance counts."""
    return (
        SupervisionSession.objects.filter(format=SessionFormat.GROUP, provider=facilitator)
        .select_related("attendance_sign_off")
        .annotate(attendance_count=Count("attendance", distinct=True))
        .order_by("-held_on", "-pk")
    )


def attendance_to_sign(*, facilitator):
    """Her group sessions with attendance not yet signed, oldest first."""
    return (
        facilitator_group_sessions(facilitator=facilitator)
        .filter(attendance__isnull=False, attendance_sign_off__isnull=True)
        .distinct()
        .order_by("held_on", "pk")
    )


def session_attendance(*, session) -> list:
    """A group session's attendance rows with each attendee, and the state of their log (no
    text): for the facilitator's session page."""
    rows = list(
        session.attendance.select_related("trainee").order_by(
            "trainee__last_name", "trainee__first_name", "pk"
        )
    )
    states = dict(session.logs.values_list("trainee_id", "state"))
    return [
        (row, LogState(states[row.trainee_id]).label if row.trainee_id in states else "")
        for row in rows
    ]


def trainee_attendance(*, trainee):
    """The group sessions the trainee's attendance was recorded at, newest first."""
    return (
        GroupAttendance.objects.filter(trainee=trainee)
        .select_related("session__provider", "session__attendance_sign_off")
        .order_by("-session__held_on", "-pk")
    )


@dataclass(frozen=True)
class GroupSessionLine:
    session_id: int
    held_on: datetime.date
    minutes: int
    attendees: int  # attendees from the coordinator's cohorts
    signed: bool


def group_sessions_by_facilitator(*, trainee_ids) -> list[tuple[str, list[GroupSessionLine]]]:
    """Group sessions attended by these trainees (a coordinator's cohorts), per facilitator,
    newest first: dates, minutes, how many of them attended and whether the attendance is
    signed. Never a log's text, never an attendee's name."""
    trainee_ids = list(trainee_ids)
    sessions = (
        SupervisionSession.objects.filter(format=SessionFormat.GROUP)
        .filter(attendees__in=trainee_ids)
        .distinct()
        .select_related("provider")
        .annotate(
            signed_at=Max("attendance_sign_off__signed_at"),
        )
        .order_by("-held_on", "-pk")
    )
    counts = dict(
        SupervisionSession.attendees.through.objects.filter(
            supervisionsession__in=sessions.values("pk"), user_id__in=trainee_ids
        )
        .values("supervisionsession_id")
        .annotate(n=Count("user_id"))
        .values_list("supervisionsession_id", "n")
    )
    by_facilitator: dict[str, list[GroupSessionLine]] = defaultdict(list)
    for session in sessions:
        name = session.provider.display_name if session.provider else "No facilitator (peer)"
        by_facilitator[name].append(
            GroupSessionLine(
                session.pk,
                session.held_on,
                session.minutes,
                counts.get(session.pk, 0),
                session.signed_at is not None,
            )
        )
    return sorted(by_facilitator.items())


@dataclass(frozen=True)
class ReturnedLog:
    """A log the supervisor returned for changes, as the navigation and dashboard name it:
    the session's date, who asked and the start of their request — never the log's text."""

    log_id: int
    held_on: datetime.date
    supervisor_name: str
    request_summary: str = ""


RETURNED_CACHE_SECONDS = 60
REQUEST_SUMMARY_WORDS = 20


def returned_cache_key(trainee_id: int) -> str:
    return f"rlog-returned-{trainee_id}"


def returned_logs(*, trainee) -> list[ReturnedLog]:
    """The trainee's logs waiting for her changes, oldest session first. Shown on every page
    she opens (the navigation's count), so it is one small query, then kept in the cache
    until one of her logs changes (signal_handlers.py)."""
    key = returned_cache_key(trainee.pk)
    rows = cache.get(key)
    if rows is None:
        values = (
            ReflectiveLog.objects.filter(trainee=trainee, state=LogState.RETURNED)
            .order_by("session__held_on", "pk")
            .values_list(
                "pk",
                "session__held_on",
                "session__provider__first_name",
                "session__provider__last_name",
                "session__provider__email",
                "return_request",
            )
        )
        rows = [
            ReturnedLog(
                pk,
                held_on,
                User.name_from(first, last, email or "your supervisor"),
                Truncator(request).words(REQUEST_SUMMARY_WORDS, truncate="…"),
            )
            for pk, held_on, first, last, email, request in values
        ]
        cache.set(key, rows, RETURNED_CACHE_SECONDS)
    return rows
