"""Progress of many trainees at once: the rows behind cohort tables, exports and caseloads.

Figures only, never reflective text. Each column is filled for a whole batch of trainees by a
fixed number of queries, so a table costs the same queries for 10 trainees as for 500, and an
export streams batch by batch with flat memory.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from training.applications.enums import ApplicationStatus
from training.applications.models import Application
from training.core.hours import round_half_up
from training.courses.models import Enrolment, ModuleProgress
from training.readiness.selectors import readiness_reports
from training.records.models import TrainingRecord
from training.reflective_logs.enums import LogState
from training.reflective_logs.models import ReflectiveLog
from training.reflective_logs.selectors import counted_minutes_by_trainee
from training.users.models import SupervisionAssignment, User

from .models import ProgressSnapshot

BATCH_SIZE = 500


@dataclass
class ProgressRow:
    """One trainee's figures. Columns not filled stay at their empty defaults."""

    user: User
    joined_on: datetime.date | None = None
    discipline: str = ""
    supervisors: tuple[str, ...] = ()
    training_hours: Decimal = Decimal(0)
    courses_enrolled: int = 0
    courses_completed: int = 0
    modules_completed: int = 0
    rsc_hours: Decimal = Decimal(0)
    last_log_on: datetime.date | None = None
    logs_waiting: int = 0
    oldest_waiting_since: datetime.datetime | None = None
    target: str = ""
    requirements_met: int | None = None
    requirements_total: int | None = None
    # Ready to apply: every requirement asked before applying is met (the engine's verdict).
    ready: bool = False
    awaiting_others: bool = False  # not ready, waiting only for verification or raters
    # The trainee's latest endorsement application ("" when she has none).
    application_status: str = ""
    application_category: str = ""
    application_submitted_on: datetime.date | None = None
    application_endorsed_on: datetime.date | None = None
    extra: dict = field(default_factory=dict)

    @property
    def readiness_verdict(self) -> str:
        """Ready to apply, Waiting for others, or empty (neither, or no target)."""
        if self.requirements_total is None:
            return ""
        if self.ready:
            return "Ready to apply"
        return "Waiting for others" if self.awaiting_others else ""

    @property
    def application_label(self) -> str:
        if not self.application_status:
            return ""
        return ApplicationStatus(self.application_status).label

    @property
    def readiness_share(self) -> float | None:
        """Requirements met as a share of all (None without a target)."""
        if not self.requirements_total:
            return None
        return self.requirements_met / self.requirements_total

    @property
    def waiting_days(self) -> int | None:
        """How long the oldest log waiting for review has waited, in whole days."""
        if self.oldest_waiting_since is None:
            return None
        return (timezone.now() - self.oldest_waiting_since).days

    @property
    def waiting_overdue(self) -> bool:
        return (self.waiting_days or 0) > settings.ATTUNE_REVIEW_OVERDUE_DAYS

    @property
    def paired(self) -> bool:
        return bool(self.supervisors)


# (heading, value) pairs for the CSV and XLSX exports, in column order.
EXPORT_COLUMNS: list[tuple[str, Callable[[ProgressRow], object]]] = [
    ("Name", lambda r: r.user.display_name),
    ("Email", lambda r: r.user.email),
    ("Discipline", lambda r: r.discipline),
    ("Supervisors", lambda r: "; ".join(r.supervisors)),
    ("Joined", lambda r: r.joined_on),
    ("Courses enrolled", lambda r: r.courses_enrolled),
    ("Courses completed", lambda r: r.courses_completed),
    ("Modules completed", lambda r: r.modules_completed),
    ("Training hours (verified)", lambda r: round_half_up(r.training_hours)),
    ("RSC hours (signed off)", lambda r: round_half_up(r.rsc_hours)),
    ("Last log (session date)", lambda r: r.last_log_on),
    ("Target endorsement", lambda r: r.target),
    ("Requirements met", lambda r: r.requirements_met),
    ("Requirements in all", lambda r: r.requirements_total),
    ("Ready to apply", lambda r: r.readiness_verdict),
    ("Application", lambda r: r.application_label),
    ("Application for", lambda r: r.application_category),
    ("Application submitted", lambda r: r.application_submitted_on),
    ("Endorsed on", lambda r: r.application_endorsed_on),
    ("Logs waiting for review", lambda r: r.logs_waiting),
    ("Longest wait (days)", lambda r: r.waiting_days),
]


def _people(rows: dict[int, ProgressRow], ids: list[int], today: datetime.date) -> None:
    """Names, discipline, target and current supervisors, reading only the columns shown."""
    trainees = (
        User.objects.filter(pk__in=ids)
        .select_related("profile", "profile__target_category")
        .only(
            "first_name",
            "last_name",
            "email",
            "profile__discipline",
            "profile__target_category__code",
        )
    )
    supervisors: dict[int, list[str]] = {}
    current = SupervisionAssignment.objects.active_on(today).filter(trainee_id__in=ids)
    for trainee_id, first, last, email in current.values_list(
        "trainee_id", "supervisor__first_name", "supervisor__last_name", "supervisor__email"
    ).order_by("starts_on", "pk"):
        supervisors.setdefault(trainee_id, []).append(f"{first} {last}".strip() or email)
    for trainee in trainees:
        row = rows[trainee.pk]
        row.user = trainee
        profile = getattr(trainee, "profile", None)
        row.discipline = profile.get_discipline_display() if profile and profile.discipline else ""
        target = profile.target_category if profile else None
        row.target = target.code if target else ""
        row.supervisors = tuple(supervisors.get(trainee.pk, ()))


def _training_hours(rows: dict[int, ProgressRow], ids: list[int], today: datetime.date) -> None:
    totals = (
        TrainingRecord.objects.verified()
        .filter(trainee_id__in=ids, completed_on__lte=today)
        .values("trainee_id")
        .annotate(hours=Sum("hours"))
    )
    for total in totals:
        rows[total["trainee_id"]].training_hours = total["hours"] or Decimal(0)


def _courses(rows: dict[int, ProgressRow], ids: list[int], today: datetime.date) -> None:
    """Courses enrolled in and completed, and modules completed across them."""
    enrolments = (
        Enrolment.objects.filter(trainee_id__in=ids)
        .values("trainee_id")
        .annotate(enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
    )
    for item in enrolments:
        row = rows[item["trainee_id"]]
        row.courses_enrolled, row.courses_completed = item["enrolled"], item["completed"]
    modules = (
        ModuleProgress.objects.filter(trainee_id__in=ids, completed_at__isnull=False)
        .values("trainee_id")
        .annotate(done=Count("pk"))
    )
    for item in modules:
        rows[item["trainee_id"]].modules_completed = item["done"]


def _log_figures(ids: list[int]) -> dict[int, dict]:
    """Signed RSC minutes (sessions that count), last session logged, reviews waiting."""
    waiting = Q(state=LogState.SUBMITTED)
    figures = {
        item["trainee_id"]: item
        for item in ReflectiveLog.objects.filter(trainee_id__in=ids)
        .values("trainee_id")
        .annotate(
            last=Max("session__held_on"),
            waiting=Count("pk", filter=waiting),
            oldest=Min("submitted_at", filter=waiting),
        )
    }
    # Group attendance counts each attendee's minutes once, with or without a log.
    for trainee_id, minutes in counted_minutes_by_trainee(ids).items():
        figures.setdefault(trainee_id, {"trainee_id": trainee_id})["minutes"] = minutes
    return figures


def _snapshot(trainee_id: int, today: datetime.date, report, logs: dict | None):
    logs = logs or {}
    return ProgressSnapshot(
        trainee_id=trainee_id,
        computed_on=today,
        requirements_met=sum(1 for r in report.results if r.met) if report else None,
        requirements_total=len(report.results) if report else None,
        ready=bool(report and report.ready),
        awaiting_others=bool(report and report.waiting),
        rsc_minutes=logs.get("minutes") or 0,
        last_log_on=logs.get("last"),
        logs_waiting=logs.get("waiting") or 0,
        oldest_waiting_since=logs.get("oldest"),
    )


def snapshots_refresh(ids: list[int], today: datetime.date) -> list[ProgressSnapshot]:
    """Compute and store today's snapshots for these trainees."""
    logs = _log_figures(ids)
    fresh = [
        _snapshot(trainee_id, today, report, logs.get(trainee_id))
        for trainee_id, report in readiness_reports(ids, as_of=today).items()
    ]
    ProgressSnapshot.objects.bulk_create(
        fresh,
        update_conflicts=True,
        unique_fields=["trainee"],
        update_fields=[f.name for f in ProgressSnapshot._meta.concrete_fields if not f.primary_key],
    )
    return fresh


def _snapshots(rows: dict[int, ProgressRow], ids: list[int], today: datetime.date) -> None:
    """Readiness (requirements met of all) and log figures from today's snapshots.

    Trainees without one are computed together and remembered until something changes.
    """
    snapshots = {
        s.trainee_id: s
        for s in ProgressSnapshot.objects.filter(trainee_id__in=ids, computed_on=today)
    }
    missing = [pk for pk in ids if pk not in snapshots]
    if missing:
        snapshots.update({s.trainee_id: s for s in snapshots_refresh(missing, today)})
    for trainee_id, snapshot in snapshots.items():
        row = rows[trainee_id]
        row.requirements_met = snapshot.requirements_met
        row.requirements_total = snapshot.requirements_total
        row.ready = snapshot.ready
        row.awaiting_others = snapshot.awaiting_others
        row.rsc_hours = Decimal(snapshot.rsc_minutes) / 60
        row.last_log_on = snapshot.last_log_on
        row.logs_waiting = snapshot.logs_waiting
        row.oldest_waiting_since = snapshot.oldest_waiting_since


def _applications(rows: dict[int, ProgressRow], ids: list[int], today: datetime.date) -> None:
    """Each trainee's latest application: one query for the batch."""
    latest = (
        Application.objects.filter(trainee_id__in=ids)
        .order_by("trainee_id", "-created_at", "-pk")
        .values_list("trainee_id", "status", "category__code", "submitted_on", "endorsed_on")
    )
    seen: set[int] = set()
    for trainee_id, status, code, submitted_on, endorsed_on in latest:
        if trainee_id in seen:
            continue
        seen.add(trainee_id)
        row = rows[trainee_id]
        row.application_status, row.application_category = status, code
        row.application_submitted_on, row.application_endorsed_on = submitted_on, endorsed_on


# Each filler sets its columns for one batch; apps with more figures add theirs here.
FILLERS: list[Callable[[dict[int, ProgressRow], list[int], datetime.date], None]] = [
    _people,
    _courses,
    _training_hours,
    _snapshots,
    _applications,
]


def progress_rows(
    ids: list[int], *, joined: dict[int, datetime.datetime] | None = None
) -> list[ProgressRow]:
    """Rows for these trainees, in the order given."""
    today = timezone.localdate()
    rows = {
        pk: ProgressRow(user=None, joined_on=joined[pk].date() if joined and pk in joined else None)
        for pk in ids
    }
    for fill in FILLERS:
        fill(rows, ids, today)
    return [rows[pk] for pk in ids if rows[pk].user is not None]


def iter_progress_rows(
    ids: Iterable[int],
    *,
    joined: Callable[[list[int]], dict[int, datetime.datetime]] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[ProgressRow]:
    """Rows for any number of trainees, read batch by batch so memory stays flat."""
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == batch_size:
            yield from progress_rows(batch, joined=joined(batch) if joined else None)
            batch = []
    if batch:
        yield from progress_rows(batch, joined=joined(batch) if joined else None)


# Sortable columns of a progress table: query-string key → (heading, sort key).
SORTS: dict[str, tuple[str, Callable[[ProgressRow], object]]] = {
    "name": ("Trainee", lambda r: (r.user.last_name.lower(), r.user.first_name.lower())),
    "discipline": ("Discipline", lambda r: r.discipline),
    "supervisor": ("Supervisor", lambda r: (not r.paired, r.supervisors)),
    "courses": ("Courses", lambda r: (r.courses_completed, r.modules_completed)),
    "training": ("Training hours", lambda r: r.training_hours),
    "rsc": ("RSC hours", lambda r: r.rsc_hours),
    "readiness": ("Readiness", lambda r: (r.readiness_share is not None, r.readiness_share or 0)),
    "last_log": ("Last log", lambda r: r.last_log_on or datetime.date.min),
    "waiting": ("Waiting for review", lambda r: (r.logs_waiting, r.waiting_days or 0)),
}

# Filters: query-string key → (label, predicate).
FILTERS: dict[str, tuple[str, Callable[[ProgressRow], bool]]] = {
    "all": ("Everyone", lambda r: True),
    "unpaired": ("Not paired with a supervisor", lambda r: not r.paired),
    "waiting": ("Logs waiting for review", lambda r: r.logs_waiting > 0),
    "quiet": ("No log in the last 30 days", lambda r: _quiet(r)),
    "ready": ("Ready to apply", lambda r: r.ready),
    "awaiting_others": (
        "Waiting for others (verification or raters)",
        lambda r: r.awaiting_others,
    ),
    "no_target": ("No target endorsement chosen", lambda r: r.requirements_total is None),
}

# Application filters: query-string key → (label, predicate); "" keeps every row.
APPLICATION_FILTERS: dict[str, tuple[str, Callable[[ProgressRow], bool]]] = {
    "": ("Any application status", lambda r: True),
    "none": ("No application", lambda r: not r.application_status),
} | {
    status.value: (status.label, lambda r, status=status.value: r.application_status == status)
    for status in ApplicationStatus
}


def _quiet(row: ProgressRow) -> bool:
    return row.last_log_on is None or (timezone.localdate() - row.last_log_on).days > 30


@dataclass(frozen=True)
class TableState:
    """How a progress table is sorted and filtered, read from the query string."""

    sort: str = "name"
    descending: bool = False
    show: str = "all"
    application: str = ""

    @classmethod
    def from_query(cls, query) -> "TableState":
        raw = query.get("sort", "name")
        sort = raw.lstrip("-")
        show = query.get("show", "all")
        application = query.get("application", "")
        return cls(
            sort=sort if sort in SORTS else "name",
            descending=raw.startswith("-") and sort in SORTS,
            show=show if show in FILTERS else "all",
            application=application if application in APPLICATION_FILTERS else "",
        )

    @property
    def filter_query(self) -> str:
        """The filters as query-string pairs, for sort and page links."""
        query = f"show={self.show}"
        return f"{query}&application={self.application}" if self.application else query

    def apply(self, rows: Iterable[ProgressRow]) -> list[ProgressRow]:
        keep, keep_application = FILTERS[self.show][1], APPLICATION_FILTERS[self.application][1]
        chosen = [row for row in rows if keep(row) and keep_application(row)]
        return sorted(chosen, key=SORTS[self.sort][1], reverse=self.descending)

    def headers(self) -> list[dict]:
        """Each sortable heading with the link that sorts by it and its aria-sort state."""
        headers = []
        for key, (heading, _key) in SORTS.items():
            active = key == self.sort
            next_sort = f"-{key}" if active and not self.descending else key
            headers.append(
                {
                    "key": key,
                    "heading": heading,
                    "query": f"?sort={next_sort}&{self.filter_query}",
                    "aria_sort": ("descending" if self.descending else "ascending")
                    if active
                    else "none",
                }
            )
        return headers
