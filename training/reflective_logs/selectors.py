"""View-shaped reads: hours, queues, lists. None of them returns log text to a third party."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import router
from django.db.models import Count, Max, Q, Sum
from django.db.models.deletion import Collector
from django.utils import timezone

from training.competencies.models import Competency
from training.core.hours import minutes_to_hours
from training.providers.links import LinkState, link_state
from training.providers.models import LinkPurpose, ProviderLink
from training.providers.selectors import is_outside_provider
from training.users.models import SupervisionAssignment, User

from .enums import AuditAction, LogState, SessionFormat
from .models import LogAuditEvent, ReflectiveLog, SignOff, SupervisionSession


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


# Logs that are evidence: signed off, or submitted and waiting for sign-off; and peer
# consultation the trainee kept, so readiness can say why it does not count.
_EVIDENCE_STATES = (LogState.SUBMITTED, LogState.SIGNED_OFF, LogState.KEPT)


def rsc_rows_by_trainee(
    trainee_ids, *, held_after: datetime.date | None = None, signed_only: bool = False
) -> dict[int, list[RscRow]]:
    """Each trainee's submitted and signed-off logs, oldest first: the one place RSC is read.

    Two small queries whatever the batch (logs with their sessions, providers' names and
    sign-offs as plain values, then their competency tags).
    """
    states = (LogState.SIGNED_OFF,) if signed_only else _EVIDENCE_STATES
    logs = ReflectiveLog.objects.filter(trainee_id__in=list(trainee_ids), state__in=states)
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
        )
    )
    rows: dict[int, list[RscRow]] = defaultdict(list)
    if not values:
        return rows
    tags: dict[int, list[int]] = defaultdict(list)
    for log_id, competency_id in ReflectiveLog.competencies.through.objects.filter(
        reflectivelog_id__in=[v[0] for v in values]
    ).values_list("reflectivelog_id", "competency_id"):
        tags[log_id].append(competency_id)
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
    ) in values:
        signed = state == LogState.SIGNED_OFF
        rows[trainee_id].append(
            RscRow(
                log_id=pk,
                held_on=held_on,
                minutes=minutes,
                provider_id=provider_id,
                provider_name=(
                    User.name_from(first_name, last_name, email)
                    if provider_id is not None
                    else "peer consultation (no supervisor)"
                ),
                individual=session_format != SessionFormat.GROUP,
                peer=is_peer,
                about_providing_rsc=about_providing_rsc,
                signed_on=timezone.localdate(signed_at) if signed and signed_at else None,
                sha256=(sha256 or "") if signed else "",
                competency_ids=tuple(sorted(tags[pk])),
                signed_off=signed,
            )
        )
    return rows


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
    counting = [r for r in rows if not r.peer]
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


def review_queue(*, supervisor, now: datetime.datetime | None = None) -> list[QueueItem]:
    """Submitted logs from the supervisor's current supervisees, oldest first."""
    now = now or timezone.now()
    limit = settings.ATTUNE_REVIEW_OVERDUE_DAYS
    today = timezone.localdate(now)
    current = SupervisionAssignment.objects.active_on(today).filter(supervisor=supervisor)
    logs = (
        ReflectiveLog.objects.waiting_for(supervisor)
        .filter(trainee__in=current.values("trainee"))
        .select_related("trainee", "session")
        .order_by("submitted_at", "pk")
    )
    items = []
    for log in logs:
        waiting = (now - log.submitted_at).days
        items.append(QueueItem(log=log, waiting_days=waiting, overdue=waiting >= limit))
    return items


def supervisee_hours(*, supervisor) -> list[dict]:
    """Each current supervisee's signed hours and last session, for the supervisor."""
    assignments = (
        SupervisionAssignment.objects.current()
        .filter(supervisor=supervisor)
        .select_related("trainee")
        .order_by("trainee__last_name", "trainee__first_name")
    )
    trainees = {a.trainee_id: a.trainee for a in assignments}
    counting = Q(state=LogState.SIGNED_OFF, session__is_peer=False)
    figures = {
        row["trainee_id"]: row
        for row in ReflectiveLog.objects.filter(trainee_id__in=trainees)
        .values("trainee_id")
        .annotate(
            minutes=Sum("session__minutes", filter=counting),
            # Peer consultation a trainee kept is hers alone: not a session with the supervisor.
            last=Max("session__held_on", filter=~Q(state=LogState.KEPT)),
        )
    }
    minutes = {pk: (row["minutes"] or 0) for pk, row in figures.items()}
    last = {pk: row["last"] for pk, row in figures.items()}
    return [
        {"trainee": t, "hours": minutes_to_hours(minutes.get(pk, 0)), "last_session": last.get(pk)}
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
    signed_minutes = logs.counting().aggregate(m=Sum("session__minutes"))["m"] or 0
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


def sessions_signed_by(user):
    """What a provider signed: dates, minutes, whose and when; never the text."""
    return (
        SignOff.objects.filter(signer=user)
        .select_related("log__session", "log__trainee")
        .order_by("-signed_at")
    )


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
