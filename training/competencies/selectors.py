"""Reads for readiness: the app's data adapted to the pure rules engine, and view-shaped rows."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from .models import (
    EndorsementCategory,
    ProviderQualification,
    TrainingRecord,
)
from .readiness import CategoryRules, ReadinessReport, RscItem, TrainingItem, evaluate

# Renewal looks back one year at a time.
RENEWAL_WINDOW_MONTHS = 12


def rules_for(category: EndorsementCategory) -> CategoryRules:
    """A category's requirements as the engine reads them."""
    return CategoryRules(
        code=category.code,
        training_hours=category.training_hours,
        dei_hours=category.dei_hours,
        rsc_training_hours=category.rsc_training_hours,
        rsc_hours=category.rsc_hours,
        rsc_window_months=category.rsc_window_months,
        rsc_about_providing_hours=category.rsc_about_providing_hours,
    )


def renewal_rules_for(category: EndorsementCategory) -> CategoryRules:
    """The yearly renewal requirement of a held category."""
    return CategoryRules(
        code=f"{category.code}-renewal",
        training_hours=category.renewal_training_hours,
        dei_hours=category.renewal_dei_hours,
        rsc_hours=category.renewal_rsc_hours,
        rsc_window_months=RENEWAL_WINDOW_MONTHS,
    )


def _qualifies(qualifications, category: EndorsementCategory | None, day: datetime.date) -> bool:
    qualifying = {c.pk for c in category.qualifying_categories.all()} if category else set()
    for q in qualifications:
        if q.starts_on and q.starts_on > day:
            continue
        if q.expires_on and q.expires_on < day:
            continue
        if q.vetted_by_association or q.category_id in qualifying:
            return True
    return False


def provider_qualifies(
    supervisor, target_category: EndorsementCategory | None, on: datetime.date | None = None
) -> bool:
    """Whether RSC from `supervisor` on day `on` counts toward `target_category`."""
    if supervisor is None or target_category is None:
        return False
    day = on or timezone.localdate()
    qualifications = ProviderQualification.objects.filter(supervisor=supervisor)
    return _qualifies(list(qualifications), target_category, day)


def training_items(*, trainee) -> list[TrainingItem]:
    """The trainee's verified training, as the engine reads it."""
    rows = TrainingRecord.objects.verified().for_trainee(trainee)
    return [
        TrainingItem(
            hours=row.hours,
            completed_on=row.completed_on,
            dei=row.dei,
            about_rsc=row.about_rsc,
            verified=row.verified,
        )
        for row in rows.only("hours", "completed_on", "dei", "about_rsc", "verified")
    ]


def signed_rsc(*, trainee) -> list:
    """Signed-off RSC rows from the reflective logs app, or none while it is not installed."""
    try:
        from training.reflective_logs.selectors import signed_rsc_rows
    except ImportError:
        return []
    return list(signed_rsc_rows(trainee=trainee))


def rsc_items(
    *, trainee, category: EndorsementCategory | None, rows: list | None = None
) -> list[RscItem]:
    """The trainee's signed RSC, each marked with whether its provider qualified that day.

    `rows` are the trainee's signed RSC rows when the caller has them already (a page that shows
    readiness, the grid and the chart reads them once).
    """
    rows = signed_rsc(trainee=trainee) if rows is None else rows
    if not rows:
        return []
    provider_ids = {row.provider_id for row in rows}
    by_provider: dict[int, list[ProviderQualification]] = {pid: [] for pid in provider_ids}
    for q in ProviderQualification.objects.filter(supervisor_id__in=provider_ids):
        by_provider[q.supervisor_id].append(q)
    if category is not None:
        # Read the qualifying categories once, not once per row.
        category = EndorsementCategory.objects.prefetch_related("qualifying_categories").get(
            pk=category.pk
        )
    return [
        RscItem(
            minutes=row.minutes,
            held_on=row.held_on,
            provider=str(row.provider_id),
            provider_qualified=_qualifies(by_provider[row.provider_id], category, row.held_on),
            peer=row.peer,
            about_providing_rsc=row.about_providing_rsc,
            signed_off=True,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Readiness:
    """What the readiness page, command and portfolio show for one trainee."""

    trainee: object
    category: EndorsementCategory | None
    as_of: datetime.date
    report: ReadinessReport | None
    held: EndorsementCategory | None = None
    renewal_due_on: datetime.date | None = None
    renewal: ReadinessReport | None = None

    def as_dict(self) -> dict:
        def report_dict(report):
            if report is None:
                return None
            return {
                "ready": report.ready,
                "results": [
                    {
                        "code": r.code,
                        "needed": str(r.needed),
                        "have": str(r.have),
                        "met": r.met,
                        "detail": r.detail,
                    }
                    for r in report.results
                ],
            }

        return {
            "trainee": self.trainee.email,
            "category": self.category.code if self.category else None,
            "as_of": self.as_of.isoformat(),
            "report": report_dict(self.report),
            "held": self.held.code if self.held else None,
            "renewal_due_on": self.renewal_due_on.isoformat() if self.renewal_due_on else None,
            "renewal": report_dict(self.renewal),
        }


def renewal_due_on(endorsed_on: datetime.date | None, as_of: datetime.date):
    """The next anniversary of the endorsement on or after `as_of`."""
    if endorsed_on is None:
        return None
    years = max(as_of.year - endorsed_on.year, 1)
    due = endorsed_on + relativedelta(years=years)
    while due < as_of:
        years += 1
        due = endorsed_on + relativedelta(years=years)
    return due


def readiness_for(
    *,
    trainee,
    category: EndorsementCategory | None = None,
    as_of: datetime.date | None = None,
    rsc_rows: list | None = None,
) -> Readiness:
    """Evaluate a trainee against their target (or the given) category, and their renewal."""
    as_of = as_of or timezone.localdate()
    rows = signed_rsc(trainee=trainee) if rsc_rows is None else rsc_rows
    profile = getattr(trainee, "profile", None)
    if category is None and profile is not None:
        category = profile.target_category
    training = training_items(trainee=trainee)
    report = None
    if category is not None:
        report = evaluate(
            rules_for(category),
            training,
            rsc_items(trainee=trainee, category=category, rows=rows),
            as_of,
        )
    held = profile.endorsement_held if profile is not None else None
    renewal = due = None
    if held is not None:
        due = renewal_due_on(profile.endorsed_on, as_of)
        # The renewal year runs from the last anniversary; without a date, the last 12 months.
        since = due - relativedelta(years=1) if due else as_of - relativedelta(months=12)
        renewal = evaluate(
            renewal_rules_for(held),
            [t for t in training if t.completed_on > since],
            [r for r in rsc_items(trainee=trainee, category=held, rows=rows) if r.held_on > since],
            as_of,
        )
    return Readiness(trainee, category, as_of, report, held, due, renewal)


# --- view-shaped reads for the readiness page ---------------------------------------------


@dataclass(frozen=True)
class Evidence:
    kind: str  # "course", "external" or "rsc"
    label: str
    on: datetime.date


@dataclass(frozen=True)
class GridRow:
    competency_id: int
    name: str
    courses: tuple[Evidence, ...]
    external: tuple[Evidence, ...]
    rsc: tuple[Evidence, ...]

    @property
    def covered(self) -> bool:
        return bool(self.courses or self.external or self.rsc)


@dataclass(frozen=True)
class GridDomain:
    name: str
    mentor_level: bool
    rows: tuple[GridRow, ...]

    @property
    def covered_count(self) -> int:
        return sum(1 for row in self.rows if row.covered)


def competency_grid(*, trainee, rsc_rows: list | None = None) -> list[GridDomain]:
    """Every domain and knowledge area against the verified training and signed RSC that
    covers it."""
    from .enums import TrainingSource
    from .models import Domain

    by_competency: dict[int, dict[str, list[Evidence]]] = {}

    def add(competency_id: int, kind: str, evidence: Evidence) -> None:
        by_competency.setdefault(competency_id, {}).setdefault(kind, []).append(evidence)

    records = (
        TrainingRecord.objects.verified()
        .for_trainee(trainee)
        .prefetch_related("competencies")
        .order_by("completed_on", "pk")
    )
    for record in records:
        kind = "course" if record.source == TrainingSource.COURSE else "external"
        label = f"{record.title} ({format_hours_short(record.hours)} h)"
        for competency in record.competencies.all():
            add(competency.pk, kind, Evidence(kind, label, record.completed_on))
    for row in signed_rsc(trainee=trainee) if rsc_rows is None else rsc_rows:
        label = f"Signed log, {row.minutes} min"
        for competency_id in row.competency_ids:
            add(competency_id, "rsc", Evidence("rsc", label, row.held_on))

    domains = Domain.objects.select_related("framework").prefetch_related("competencies")
    grid = []
    for domain in domains.order_by("framework__name", "sort_order", "name"):
        rows = []
        for competency in domain.competencies.all():
            found = by_competency.get(competency.pk, {})
            rows.append(
                GridRow(
                    competency.pk,
                    competency.name,
                    tuple(found.get("course", ())),
                    tuple(found.get("external", ())),
                    tuple(found.get("rsc", ())),
                )
            )
        grid.append(GridDomain(domain.name, domain.mentor_level, tuple(rows)))
    return grid


def format_hours_short(hours) -> str:
    from training.core.hours import format_hours

    return format_hours(hours)


@dataclass(frozen=True)
class ChartPoint:
    month: datetime.date
    training: Decimal
    rsc: Decimal


@dataclass(frozen=True)
class HoursChart:
    """Cumulative hours month by month, drawn as two SVG lines with a table alternative."""

    points: tuple[ChartPoint, ...]
    WIDTH = 600
    HEIGHT = 200

    @property
    def top(self) -> Decimal:
        highest = max((max(p.training, p.rsc) for p in self.points), default=Decimal(0))
        return highest if highest > 0 else Decimal(1)

    def _line(self, attr: str) -> str:
        if not self.points:
            return ""
        step = self.WIDTH / max(len(self.points) - 1, 1)
        coords = []
        for index, point in enumerate(self.points):
            y = self.HEIGHT - float(getattr(point, attr) / self.top) * (self.HEIGHT - 10)
            coords.append(f"{index * step:.1f},{y:.1f}")
        return " ".join(coords)

    @property
    def training_line(self) -> str:
        return self._line("training")

    @property
    def rsc_line(self) -> str:
        return self._line("rsc")

    @property
    def empty(self) -> bool:
        return not any(p.training or p.rsc for p in self.points)


def hours_chart(
    *, trainee, category, as_of: datetime.date, months: int = 24, rsc_rows: list | None = None
) -> HoursChart:
    """Verified training and signed RSC hours, cumulative at each month's end."""
    from training.core.hours import minutes_to_hours

    first = (as_of.replace(day=1)) - relativedelta(months=months - 1)
    training = training_items(trainee=trainee)
    rsc = [r for r in rsc_items(trainee=trainee, category=category, rows=rsc_rows) if not r.peer]
    points = []
    for offset in range(months):
        month = first + relativedelta(months=offset)
        month_end = min(month + relativedelta(months=1) - relativedelta(days=1), as_of)
        hours = sum((t.hours for t in training if t.completed_on <= month_end), Decimal(0))
        minutes = sum(r.minutes for r in rsc if r.held_on <= month_end)
        points.append(ChartPoint(month, hours, minutes_to_hours(minutes)))
    return HoursChart(tuple(points))


def records_awaiting_verification(*, user):
    """External training waiting for this supervisor's or coordinator's check."""
    from training.cohorts.models import CohortMembership
    from training.users.models import SupervisionAssignment

    from .enums import TrainingSource

    pending = TrainingRecord.objects.pending().filter(source=TrainingSource.EXTERNAL)
    if user.is_superuser:
        scoped = pending
    else:
        supervisees = SupervisionAssignment.objects.current().filter(supervisor=user)
        cohort_trainees = CohortMembership.objects.filter(cohort__coordinators=user)
        from training.users.permissions import user_is_coordinator, user_is_supervisor

        trainee_ids = set()
        if user_is_supervisor(user):
            trainee_ids |= set(supervisees.values_list("trainee_id", flat=True))
        if user_is_coordinator(user):
            trainee_ids |= set(cohort_trainees.values_list("trainee_id", flat=True))
        trainee_ids.discard(user.pk)
        scoped = pending.filter(trainee_id__in=trainee_ids)
    return (
        scoped.select_related("trainee")
        .prefetch_related("competencies")
        .order_by("created_at", "pk")
    )


REQUIREMENT_LABELS = {
    "training_hours": "Specialised training",
    "dei_hours": "Training on diversity, equity and inclusion",
    "rsc_training_hours": "Training about providing reflective supervision",
    "rsc_hours": "Reflective supervision/consultation (RSC) received",
    "rsc_providers": "Share of RSC from your main provider",
    "rsc_about_providing_hours": "RSC about the supervision you provide",
}


@dataclass(frozen=True)
class RequirementRow:
    code: str
    label: str
    unit: str
    needed: Decimal
    have: Decimal
    met: bool
    detail: str
    progress_value: Decimal
    progress_max: Decimal


def requirement_rows(report: ReadinessReport | None) -> list[RequirementRow]:
    """Each result with a label and the figures its progress bar needs."""
    rows = []
    for r in report.results if report else ():
        percent = r.code == "rsc_providers"
        rows.append(
            RequirementRow(
                code=r.code,
                label=REQUIREMENT_LABELS.get(r.code, r.code),
                unit="%" if percent else "hours",
                needed=r.needed,
                have=r.have,
                met=r.met,
                detail=r.detail,
                progress_value=r.have if percent else min(r.have, r.needed),
                progress_max=Decimal(100) if percent else r.needed,
            )
        )
    return rows


def trainee_panel(*, user, rsc_rows: list | None = None) -> dict:
    """The readiness panel on a trainee's dashboard."""
    readiness = readiness_for(trainee=user, rsc_rows=rsc_rows)
    return {
        "readiness_panel": {
            "readiness": readiness,
            "rows": requirement_rows(readiness.report),
            "pending_count": TrainingRecord.objects.for_trainee(user).pending().count(),
        }
    }


def verifier_panel(*, user) -> dict:
    """How much external training waits for this supervisor's or coordinator's check."""
    return {"verification_waiting": records_awaiting_verification(user=user).count()}


def competencies_tagging_signed_logs(objects) -> list:
    """The competencies deleting `objects` would remove (themselves, or by cascade from a domain
    or framework) that tag a signed-off reflective log: a signed log never changes, so these
    cannot go."""
    from django.db import router
    from django.db.models.deletion import Collector

    from training.reflective_logs.models import ReflectiveLog

    from .models import Competency

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
