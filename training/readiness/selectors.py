"""Readiness as pages, the command and the portfolio show it, built on one evidence read.

Every reader here takes a `TraineeEvidence` from `evidence.evidence_for` (a page is a batch of
one) or reads it itself; none queries training records or logs on its own.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from training.competencies.models import Domain, EndorsementCategory
from training.core.hours import format_hours, minutes_to_hours
from training.core.verdicts import Verdict
from training.earlier_rsc.selectors import KIND as EARLIER_KIND
from training.earlier_rsc.selectors import earlier_label

from .engine import HOUR_CODES, YOU, ReadinessReport, Voice, evaluate, renewal_due_on
from .evidence import TraineeEvidence, evidence_for, renewal_rules_for, rules_for

# Why an item is not counted when there is nothing to count it toward, or the engine did not
# judge it (so no "Counted: no" is ever printed without a reason).
NO_TARGET_WHY = "No target endorsement is chosen, so nothing is counted toward one yet."
NOT_JUDGED_WHY = "Not part of the evidence this endorsement is judged on."


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
    evidence: TraineeEvidence | None = field(default=None, compare=False, repr=False)
    voice: Voice = YOU

    def outcome_text(self, kind: str, source_id: int) -> str:
        """Why one item counted or did not toward the target: never empty, so a document that
        says "Counted: no" always says why."""
        if self.report is None:
            return NO_TARGET_WHY
        found = self.report.outcome(kind, source_id)
        return found.text if found else NOT_JUDGED_WHY

    def as_dict(self) -> dict:
        def report_dict(report):
            if report is None:
                return None
            return {
                "ready": report.ready,
                "complete": report.complete,
                "results": [
                    {
                        "code": r.code,
                        "needed": str(r.needed),
                        "have": str(r.have),
                        "met": r.met,
                        "state": r.state,
                        "detail": r.detail,
                    }
                    for r in report.results
                ],
                "items": [
                    {"kind": o.kind, "id": o.source_id, "counted": o.counted, "why": o.text}
                    for o in report.outcomes
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


def voice_for(*, trainee, viewer=None) -> Voice:
    """'your' when the trainee reads her own readiness (or no one in particular does); her
    first name (else her display name) when a supervisor or coordinator does."""
    if viewer is None or viewer.pk == trainee.pk:
        return YOU
    return Voice(trainee.first_name.strip() or trainee.display_name)


def readiness_from(
    evidence: TraineeEvidence,
    *,
    trainee,
    as_of: datetime.date,
    category=None,
    voice: Voice = YOU,
) -> Readiness:
    """Evaluate one trainee's evidence against their target (or `category`), and their
    renewal when they hold an endorsement, worded for `voice`."""
    category = category or evidence.target
    training, rsc = evidence.training_items(), evidence.rsc_items()
    rules = rules_for(category, degree=evidence.degree) if category else None
    record = evidence.record
    report = evaluate(rules, training, rsc, as_of, record, voice=voice) if category else None
    held, renewal, due = evidence.held, None, None
    if held is not None:
        due = renewal_due_on(evidence.endorsed_on, as_of)
        rules = renewal_rules_for(
            held,
            endorsed_on=evidence.endorsed_on,
            as_of=as_of,
            provides_rsc=evidence.provides_rsc,
            degree=evidence.degree,
        )
        renewal = evaluate(rules, training, rsc, as_of, record, voice=voice)
    return Readiness(trainee, category, as_of, report, held, due, renewal, evidence, voice)


def readiness_for(
    *,
    trainee,
    category: EndorsementCategory | None = None,
    as_of: datetime.date | None = None,
    viewer=None,
) -> Readiness:
    """One trainee's readiness: a batch of one, its sentences worded for `viewer` (the
    trainee herself when not given)."""
    as_of = as_of or timezone.localdate()
    chosen = {trainee.pk: category} if category is not None else None
    evidence = evidence_for([trainee.pk], as_of, categories=chosen)[trainee.pk]
    voice = voice_for(trainee=trainee, viewer=viewer)
    return readiness_from(evidence, trainee=trainee, as_of=as_of, category=None, voice=voice)


def readiness_reports(ids, *, as_of: datetime.date) -> dict[int, ReadinessReport | None]:
    """Each trainee's report against their target category (None without a target), for
    cohort tables and exports: the same evidence and engine as one trainee's page."""
    evidence = evidence_for(ids, as_of, target_window_only=True)
    return {
        pk: evaluate(
            rules_for(e.target, degree=e.degree), e.training_items(), e.rsc_items(), as_of, e.record
        )
        if e.target
        else None
        for pk, e in evidence.items()
    }


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


def competency_grid(evidence: TraineeEvidence) -> list[GridDomain]:
    """Every domain and knowledge area against the verified training and signed RSC that
    covers it."""
    by_competency: dict[int, dict[str, list[Evidence]]] = {}

    def add(competency_id: int, kind: str, item: Evidence) -> None:
        by_competency.setdefault(competency_id, {}).setdefault(kind, []).append(item)

    for record in evidence.training:
        if not record.verified:
            continue
        kind = "course" if record.from_course else "external"
        label = f"{record.title} ({format_hours(record.hours)} h)"
        for competency_id in record.competency_ids:
            add(competency_id, kind, Evidence(kind, label, record.completed_on))
    for row in evidence.signed_rsc:
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


@dataclass(frozen=True)
class ChartPoint:
    month: datetime.date
    training: Decimal
    rsc: Decimal


@dataclass(frozen=True)
class ChartTick:
    at: float  # x or y in the SVG's coordinates
    text: str


def _nice_ceiling(value: Decimal) -> Decimal:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (an axis top)."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (the loop ends at ten times the power)


@dataclass(frozen=True)
class HoursChart:
    """Cumulative hours month by month, drawn as two SVG lines on labelled axes (hours up the
    side, months along the bottom, each line's latest value at its end), with a table of the
    same figures."""

    points: tuple[ChartPoint, ...]
    # The SVG's coordinates: a plot area with room for the axis labels around it.
    WIDTH = 640
    HEIGHT = 260
    LEFT = 44
    RIGHT = 84
    TOP = 12
    BOTTOM = 30

    @property
    def plot_bottom(self) -> int:
        return self.HEIGHT - self.BOTTOM

    @property
    def plot_right(self) -> int:
        return self.WIDTH - self.RIGHT

    @property
    def top(self) -> Decimal:
        """The hours at the top of the axis: the highest value, rounded up to a round number."""
        highest = max((max(p.training, p.rsc) for p in self.points), default=Decimal(0))
        return _nice_ceiling(highest)

    def _x(self, index: int) -> float:
        step = (self.plot_right - self.LEFT) / max(len(self.points) - 1, 1)
        return self.LEFT + index * step

    def _y(self, hours: Decimal) -> float:
        return self.plot_bottom - float(hours / self.top) * (self.plot_bottom - self.TOP)

    def _line(self, attr: str) -> str:
        return " ".join(
            f"{self._x(i):.1f},{self._y(getattr(p, attr)):.1f}" for i, p in enumerate(self.points)
        )

    @property
    def training_line(self) -> str:
        return self._line("training")

    @property
    def rsc_line(self) -> str:
        return self._line("rsc")

    @property
    def y_ticks(self) -> list[ChartTick]:
        """Hours at 0, a quarter, half, three quarters and the top of the axis."""
        return [
            ChartTick(round(self._y(self.top * k / 4), 1), format_hours(self.top * k / 4))
            for k in range(5)
        ]

    @property
    def x_ticks(self) -> list[ChartTick]:
        """Every sixth month, and the last."""
        last = len(self.points) - 1
        return [
            ChartTick(round(self._x(i), 1), f"{p.month:%b %Y}")
            for i, p in enumerate(self.points)
            if i % 6 == 0 and last - i >= 3 or i == last
        ]

    def _end(self, attr: str, other: str) -> ChartTick | None:
        """The latest value, written at the right of its line's end (nudged apart from the
        other line's label when the two ends are close)."""
        if not self.points:
            return None
        mine, theirs = getattr(self.points[-1], attr), getattr(self.points[-1], other)
        y = self._y(mine)
        if abs(y - self._y(theirs)) < 14:
            y += -7 if mine >= theirs and attr == "training" or mine > theirs else 7
        return ChartTick(round(y + 4, 1), f"{format_hours(mine)} h")

    @property
    def training_end(self) -> ChartTick | None:
        return self._end("training", "rsc")

    @property
    def rsc_end(self) -> ChartTick | None:
        return self._end("rsc", "training")

    @property
    def latest(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None

    @property
    def empty(self) -> bool:
        return not any(p.training or p.rsc for p in self.points)


def hours_chart(evidence: TraineeEvidence, *, as_of: datetime.date, months: int = 24) -> HoursChart:
    """Verified training and signed RSC hours (never peer consultation), cumulative at each
    month's end."""
    first = (as_of.replace(day=1)) - relativedelta(months=months - 1)
    training = [t for t in evidence.training if t.verified]
    rsc = [r for r in evidence.signed_rsc if r.counted_minutes]
    points = []
    for offset in range(months):
        month = first + relativedelta(months=offset)
        month_end = min(month + relativedelta(months=1) - relativedelta(days=1), as_of)
        hours = sum((t.hours for t in training if t.completed_on <= month_end), Decimal(0))
        minutes = sum(r.minutes for r in rsc if r.held_on <= month_end)
        points.append(ChartPoint(month, hours, minutes_to_hours(minutes)))
    return HoursChart(tuple(points))


REQUIREMENT_LABELS = {
    "training_hours": "Specialised training",
    "dei_hours": "Training on diversity, equity and inclusion",
    "rsc_training_hours": "Training about providing reflective supervision",
    "rsc_hours": "Reflective supervision/consultation (RSC) received",
    "rsc_providers": "Share of RSC from {your} main provider",
    "rsc_about_providing_hours": "RSC about the supervision {you} provide",
    "education": "Education",
    "work_experience": "Specialised work experience",
    "leadership": "Leadership experience",
    "rsc_providing": "Experience providing RSC",
    "references": "Reference ratings",
    "agreements": "Code of Ethics and Endorsement Agreement",
    "membership": "Association membership",
    "exam": "Exam",
}
# Requirements measured in hours (with a progress bar) and those that are simply met or not.
UNITS = {
    "rsc_providers": "%",
    "work_experience": "years",
    "leadership": "years",
    "rsc_providing": "years",
    "references": "ratings",
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
    state: str = "met"  # met, not_met or waiting
    after_applying: bool = False

    @property
    def measured(self) -> bool:
        """Shown with figures and a progress bar (hours, years, ratings)."""
        return self.unit != ""

    @property
    def state_label(self) -> str:
        return {"met": "Met", "waiting": "Waiting for verification", "not_met": "Not met"}[
            self.state
        ]


def requirement_label(code: str, voice: Voice = YOU) -> str:
    """A requirement's name, worded for whoever reads it."""
    label = REQUIREMENT_LABELS.get(code, code)
    if code == "rsc_about_providing_hours" and not voice.second_person:
        return f"RSC about the supervision {voice.name} provides"
    return voice.say(label)


def requirement_rows(report: ReadinessReport | None, voice: Voice = YOU) -> list[RequirementRow]:
    """Each result with a label and the figures its progress bar needs."""
    rows = []
    for r in report.results if report else ():
        percent = r.code == "rsc_providers"
        unit = UNITS.get(r.code, "hours" if r.code in HOUR_CODES else "")
        rows.append(
            RequirementRow(
                code=r.code,
                label=requirement_label(r.code, voice),
                unit=unit,
                needed=r.needed,
                have=r.have,
                met=r.met,
                detail=r.detail,
                progress_value=r.have if percent else min(r.have, r.needed),
                progress_max=Decimal(100) if percent else r.needed,
                state=r.state,
                after_applying=r.after_applying,
            )
        )
    return rows


def trainee_panel(*, readiness: Readiness) -> dict:
    """The readiness panel on a trainee's dashboard."""
    return {
        "readiness_panel": {
            "readiness": readiness,
            "rows": requirement_rows(readiness.report),
            "pending_count": readiness.evidence.pending_training_count,
        }
    }


@dataclass(frozen=True)
class OutcomeRow:
    """One item of evidence on the readiness page, with the engine's word on whether it counted."""

    kind: str  # "training", or the RSC row's kind ("rsc" a log, "rsc_attendance")
    source_id: int
    label: str
    on: datetime.date
    amount: str
    counted: bool
    why: str

    @property
    def kind_label(self) -> str:
        return "Training" if self.kind == "training" else "RSC"


def outcome_rows(readiness: Readiness) -> list[OutcomeRow]:
    """Every training record and log the target was judged on, newest first, saying why each
    one that did not count did not (the engine's reasons, not re-derived here)."""
    report, evidence = readiness.report, readiness.evidence
    if report is None or evidence is None:
        return []
    rows = []
    for record in evidence.training:
        found = report.outcome("training", record.id)
        if found is not None:
            rows.append(
                OutcomeRow(
                    "training",
                    record.id,
                    record.title,
                    record.completed_on,
                    f"{format_hours(record.hours)} h",
                    found.counted,
                    found.text,
                )
            )
    for log in evidence.rsc:
        found = report.outcome(log.kind, log.log_id)
        if found is not None:
            label = rsc_label(log)
            rows.append(
                OutcomeRow(
                    log.kind,
                    log.log_id,
                    label,
                    log.held_on,
                    f"{log.minutes} min",
                    found.counted,
                    found.text,
                )
            )
    return sorted(rows, key=lambda row: row.on, reverse=True)


@dataclass(frozen=True)
class NotCounted:
    """Items of one kind that did not count for one reason: a line of the page's summary."""

    kind: str  # "training" or "rsc"
    why: str
    count: int


def not_counted_summary(rows: list[OutcomeRow]) -> list[NotCounted]:
    """The items that did not count, grouped by kind and the engine's reason, most first."""
    groups: dict[tuple[str, str], int] = {}
    for row in rows:
        if not row.counted:
            key = ("training" if row.kind == "training" else "rsc", row.why)
            groups[key] = groups.get(key, 0) + 1
    return sorted(
        (NotCounted(kind, why, count) for (kind, why), count in groups.items()),
        key=lambda line: (-line.count, line.kind, line.why),
    )


def rsc_label(row) -> str:
    """What one row of RSC evidence is, in words: a log, attendance at a group session, or a
    month of RSC received before Attune."""
    if row.is_attendance:
        return f"Group session attendance with {row.provider_name}"
    if row.kind == EARLIER_KIND:
        return earlier_label(row)
    return f"Reflective log with {row.provider_name}"


def attendance_verdicts(*, trainee, as_of: datetime.date | None = None) -> dict[int, Verdict]:
    """Why each of the trainee's group attendances counted or not, by attendance id
    (registered with `core.verdicts` as "rsc_attendance")."""
    return _verdicts_of("rsc_attendance", trainee=trainee, as_of=as_of)


def _verdicts_of(kind: str, *, trainee, as_of) -> dict[int, Verdict]:
    report = readiness_for(trainee=trainee, as_of=as_of).report
    if report is None:
        return {}
    return {o.source_id: Verdict(o.counted, o.text) for o in report.outcomes if o.kind == kind}


def rsc_verdicts(*, trainee, as_of: datetime.date | None = None) -> dict[int, Verdict]:
    """Why each of the trainee's submitted and signed logs counted toward her target or did
    not, by log id: the outcomes the readiness page shows, from the same one evidence read
    (empty without a target). Registered with `core.verdicts` for the log list."""
    return _verdicts_of("rsc", trainee=trainee, as_of=as_of)
