"""The application packet: everything the association's online application asks, in its order,
as one zip (a PDF, one CSV file per section, the education transcripts).

The sections: 1 preliminary details and the readiness verdict, 2 membership, 3 agreements,
4 specialised work experience, 5 education, 6 in-service training, 7 RSC experiences,
8 reference status, 9 the competency evidence grid, 10 exam results and application status.

What it never holds: a reflective log's text (hours, dates and sign-off status only), and a
reference rating's answers or comments, waived or not (the association receives ratings from
the raters; the packet shows each request's status). The reference query does not even read
those columns.

The trainee asks for it from her readiness page; a coordinator of her cohort may ask for a
fresh one from the trainee's readiness page. Both download the same file. It is built by a
Celery task queued after commit; a build that fails is marked failed (and offered again on the
page), never retried for ever.
"""

import datetime
import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from training.applications.enums import AgreementKind, ApplicationStatus
from training.applications.models import (
    AgreementAcceptance,
    Application,
    Education,
    ExamResult,
    Membership,
    WorkExperience,
)
from training.applications.selectors import agreements_in_force
from training.competencies.models import ProviderQualification
from training.core.hours import format_hours, minutes_to_hours
from training.core.queue import enqueue_after_commit
from training.core.submissions import person_lock
from training.core.tabular import SafeCSVWriter
from training.earlier_rsc.selectors import KIND as EARLIER_KIND
from training.earlier_rsc.selectors import earlier_label
from training.references.models import ReferenceRequest, ReferenceStatus

from . import tasks
from .engine import RECOMMIT_MONTHS
from .enums import ExportStatus
from .models import PacketExport
from .portfolio import grid_csv
from .selectors import competency_grid, readiness_for, requirement_rows

logger = logging.getLogger(__name__)

SECTIONS = (
    "Preliminary details",
    "Membership",
    "Agreements",
    "Specialised work experience",
    "Education",
    "In-service training",
    "Reflective supervision/consultation (RSC) experiences",
    "Reference ratings",
    "Competency evidence",
    "Exam and application status",
)

# The reference columns the packet reads: never `answers` or `comments`.
REFERENCE_FIELDS = (
    "pk",
    "trainee_id",
    "rater_name",
    "role",
    "waived",
    "created_at",
    "expires_at",
    "revoked_at",
    "completed_at",
)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _day(value) -> str:
    return f"{value:%d %b %Y}" if value else ""


# --- what the packet shows ---------------------------------------------------------------


@dataclass(frozen=True)
class AgreementRow:
    kind: str
    label: str
    version: str
    title: str
    accepted_at: datetime.datetime | None
    in_force: bool
    recommit_due_on: datetime.date | None = None


@dataclass(frozen=True)
class RscLine:
    log: object  # reflective_logs.selectors.RscRow: hours and status, never text
    provider_credential: str
    counted: bool
    counted_hours: str
    why: str


@dataclass(frozen=True)
class ReferenceLine:
    request: ReferenceRequest
    status: str
    completed_on: datetime.date | None
    counts: bool
    why: str


def _outcome(readiness, kind: str, source_id: int) -> tuple[bool, str]:
    found = readiness.report.outcome(kind, source_id) if readiness.report else None
    if found is None:
        return False, ""
    return found.counted, found.text


def verdict(readiness) -> tuple[str, list[str]]:
    """'Ready to apply', or what is missing (each requirement not met, with its sentence)."""
    report = readiness.report
    if report is None:
        return "No target endorsement chosen", []
    if report.ready:
        text = "Ready to apply"
        if readiness.category and readiness.category.exam_required:
            text += " (the exam comes after the application is reviewed)"
        return text, []
    missing = [
        f"{row.label}: {row.detail}"
        for row in requirement_rows(report)
        if not row.met and not row.after_applying
    ]
    if report.waiting:
        return "Not ready yet: waiting for someone else (a verification or a rater)", missing
    return "Not ready to apply yet", missing


def _agreements(trainee, as_of: datetime.date) -> list[AgreementRow]:
    """The newest acceptance of each kind, whether its version is in force, and when the Code
    of Ethics commitment is due again."""
    in_force = {text.pk for text in agreements_in_force(as_of)}
    latest: dict[str, AgreementAcceptance] = {}
    for acceptance in AgreementAcceptance.objects.filter(trainee=trainee).select_related("text"):
        kind = acceptance.text.kind
        if kind not in latest or acceptance.accepted_at > latest[kind].accepted_at:
            latest[kind] = acceptance
    rows = []
    for kind in AgreementKind:
        found = latest.get(kind.value)
        due = None
        if found is not None and kind == AgreementKind.CODE_OF_ETHICS:
            due = timezone.localdate(found.accepted_at) + relativedelta(months=RECOMMIT_MONTHS)
        rows.append(
            AgreementRow(
                kind=kind.value,
                label=kind.label,
                version=found.text.version if found else "",
                title=found.text.title if found else "",
                accepted_at=found.accepted_at if found else None,
                in_force=bool(found and found.text_id in in_force),
                recommit_due_on=due,
            )
        )
    return rows


def _valid_on(qualification: ProviderQualification, day: datetime.date) -> bool:
    if qualification.emerging and not (qualification.starts_on and qualification.expires_on):
        return False
    return (qualification.starts_on is None or qualification.starts_on <= day) and (
        qualification.expires_on is None or day <= qualification.expires_on
    )


def _provider_credentials(provider_ids) -> tuple[dict, dict]:
    """Each provider's registry rows, and the endorsement numbers of those endorsed through
    Attune (their own endorsed application): two queries whatever the number of providers."""
    ids = set(provider_ids)
    registry: dict[int, list[ProviderQualification]] = {}
    numbers: dict[tuple[int, int], str] = {}
    if not ids:
        return registry, numbers
    for q in ProviderQualification.objects.filter(supervisor_id__in=ids).select_related("category"):
        registry.setdefault(q.supervisor_id, []).append(q)
    for trainee_id, category_id, number in (
        Application.objects.filter(trainee_id__in=ids, status=ApplicationStatus.ENDORSED)
        .exclude(endorsement_number="")
        .values_list("trainee_id", "category_id", "endorsement_number")
    ):
        numbers[(trainee_id, category_id)] = number
    return registry, numbers


def _credential(provider_id: int, day: datetime.date, registry, numbers) -> str:
    """What the provider's registry says on the day of the session: the category held (with
    its endorsement number when known), the association's vetting, or an Emerging status."""
    parts = []
    for q in registry.get(provider_id, ()):
        if not _valid_on(q, day):
            continue
        code = q.category.code
        if q.vetted_by_association:
            parts.append(f"vetted by the association to provide RSC for {code}")
        elif q.emerging:
            parts.append(f"{code} (Emerging, {_day(q.starts_on)} to {_day(q.expires_on)})")
        else:
            number = numbers.get((provider_id, q.category_id))
            parts.append(f"endorsed {code}" + (f", no. {number}" if number else ""))
    return "; ".join(parts) or "no qualification on record for that day"


def _rsc_lines(readiness) -> list[RscLine]:
    evidence = readiness.evidence
    logs = evidence.signed_rsc
    registry, numbers = _provider_credentials(log.provider_id for log in logs)
    lines = []
    for log in logs:
        counted, why = _outcome(readiness, log.kind, log.log_id)
        lines.append(
            RscLine(
                log=log,
                provider_credential=_credential(log.provider_id, log.held_on, registry, numbers),
                counted=counted,
                counted_hours=format_hours(minutes_to_hours(log.minutes)) if counted else "0",
                why="" if counted else why,
            )
        )
    return lines


def _references(trainee, readiness, now) -> list[ReferenceLine]:
    requests = ReferenceRequest.objects.filter(trainee=trainee).only(*REFERENCE_FIELDS)
    lines = []
    for request in requests:
        status = request.status_on(now)
        counts, why = _outcome(readiness, "reference", request.pk)
        if not why and status == ReferenceStatus.REVOKED:
            why = "Withdrawn."
        lines.append(
            ReferenceLine(
                request=request,
                status=ReferenceStatus(status).label,
                completed_on=timezone.localdate(request.completed_at)
                if request.completed_at
                else None,
                counts=counts,
                why="" if counts else why,
            )
        )
    return lines


def _suffix(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix if suffix[1:].isalnum() else ""


def packet_contents(*, trainee, category=None, as_of=None) -> dict:
    """Everything the PDF and CSV files show, from one read of the evidence and one query per
    kind of application record."""
    now = timezone.now()
    readiness = readiness_for(trainee=trainee, category=category, as_of=as_of)
    as_of = readiness.as_of
    evidence = readiness.evidence
    grid = competency_grid(evidence)
    areas = {
        row.competency_id: f"{domain.name}: {row.name}" for domain in grid for row in domain.rows
    }
    profile = getattr(trainee, "profile", None)
    headline, missing = verdict(readiness)
    work = []
    for w in WorkExperience.objects.filter(trainee=trainee):
        counted, why = _outcome(readiness, "work", w.pk)
        work.append((w, counted, why))
    education = []
    for e in Education.objects.filter(trainee=trainee):
        counted, why = _outcome(readiness, "education", e.pk)
        name = f"transcripts/education-{e.pk}{_suffix(e.transcript.name)}" if e.transcript else ""
        education.append((e, counted, why, name))
    training = []
    for record in evidence.training:
        if record.verified:
            counted, why = _outcome(readiness, "training", record.id)
            training.append((record, counted, why))
    memberships = []
    for m in Membership.objects.filter(trainee=trainee):
        counted, why = _outcome(readiness, "membership", m.pk)
        memberships.append((m, counted, why))
    return {
        "sections": SECTIONS,
        "trainee": trainee,
        "profile": profile,
        "readiness": readiness,
        "as_of": as_of,
        "verdict": headline,
        "missing": missing,
        "requirements": requirement_rows(readiness.report),
        "memberships": memberships,
        "agreements": _agreements(trainee, as_of),
        "work": work,
        "education": education,
        "training": training,
        "areas": areas,
        "rsc": _rsc_lines(readiness),
        "references": _references(trainee, readiness, now),
        "grid": grid,
        "exams": list(ExamResult.objects.filter(trainee=trainee).select_related("category")),
        "applications": list(
            Application.objects.filter(trainee=trainee).select_related("category")
        ),
        "generated_at": now,
    }


def packet_html(data: dict) -> str:
    """The HTML the PDF is printed from."""
    return render_to_string("readiness/packet_pdf.html", data)


def _csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = SafeCSVWriter(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _application_csv(data: dict) -> bytes:
    """The summary: preliminary details, verdict, requirements, membership, agreements, exams
    and the application's status, one row per item."""
    trainee, profile, readiness = data["trainee"], data["profile"], data["readiness"]
    rows = [
        ["details", "name", trainee.display_name, ""],
        ["details", "email", trainee.email, ""],
        ["details", "discipline", profile.get_discipline_display() if profile else "", ""],
        ["details", "organisation", profile.organisation if profile else "", ""],
        [
            "details",
            "target category",
            readiness.category.code if readiness.category else "",
            readiness.category.name if readiness.category else "",
        ],
        ["details", "date prepared", data["generated_at"].date(), ""],
        ["verdict", data["verdict"], "", "; ".join(data["missing"])],
    ]
    rows += [["requirement", r.label, r.state_label, r.detail] for r in data["requirements"]]
    rows += [
        [
            "membership",
            f"{m.association} ({m.number})",
            m.get_status_display(),
            f"expires {m.expires_on}" + ("" if counted or not why else f"; {why}"),
        ]
        for m, counted, why in data["memberships"]
    ]
    rows += [
        [
            "agreement",
            a.label,
            f"version {a.version} accepted {a.accepted_at:%Y-%m-%d}"
            if a.accepted_at
            else "not accepted",
            ("in force" if a.in_force else "not the version in force")
            + (f"; re-commitment due {a.recommit_due_on}" if a.recommit_due_on else ""),
        ]
        for a in data["agreements"]
    ]
    rows += [
        ["exam", e.category.code, "passed" if e.passed else "not passed", e.taken_on]
        for e in data["exams"]
    ]
    rows += [
        [
            "application",
            a.category.code,
            a.get_status_display(),
            "; ".join(
                part
                for part in (
                    f"submitted {a.submitted_on}" if a.submitted_on else "",
                    f"endorsed {a.endorsed_on}" if a.endorsed_on else "",
                    f"endorsement no. {a.endorsement_number}" if a.endorsement_number else "",
                )
                if part
            ),
        ]
        for a in data["applications"]
    ]
    return _csv(["section", "item", "value", "detail"], rows)


def packet_files(data: dict) -> dict[str, bytes]:
    """Each file of the zip by name, from `packet_contents`."""
    from weasyprint import HTML

    files = {"packet.pdf": HTML(string=packet_html(data)).write_pdf()}
    files["application.csv"] = _application_csv(data)
    files["work.csv"] = _csv(
        [
            "position",
            "employer",
            "started on",
            "ended on",
            "hours per week",
            "paid",
            "post-degree",
            "supervised",
            "families served",
            "age group",
            "leadership",
            "providing RSC",
            "duties",
            "direct supervisor",
            "direct supervisor's email",
            "verified",
            "counted",
            "why not",
        ],
        (
            [
                w.position,
                w.employer,
                w.starts_on,
                w.ends_on or "current",
                w.hours_per_week,
                _yes(w.paid),
                _yes(w.post_degree),
                _yes(w.supervised),
                w.families_served,
                w.get_age_group_display(),
                _yes(w.leadership),
                _yes(w.providing_rsc),
                w.duties,
                w.supervisor_name,
                w.supervisor_email,
                w.get_status_display(),
                _yes(counted),
                "" if counted else why,
            ]
            for w, counted, why in data["work"]
        ),
    )
    files["education.csv"] = _csv(
        [
            "level",
            "field",
            "institution",
            "completed on",
            "related field",
            "verified",
            "transcript",
            "counted",
            "why not",
        ],
        (
            [
                e.get_level_display(),
                e.field,
                e.institution,
                e.completed_on,
                _yes(e.related_field),
                e.get_status_display(),
                name,
                _yes(counted),
                "" if counted else why,
            ]
            for e, counted, why, name in data["education"]
        ),
    )
    files["training.csv"] = _csv(
        [
            "title",
            "sponsor",
            "source",
            "evidence kind",
            "first day",
            "completed on",
            "hours",
            "DEI",
            "about providing RSC",
            "areas",
            "counted",
            "why not",
        ],
        (
            [
                r.title,
                r.sponsor,
                r.get_source_display(),
                r.get_evidence_kind_display(),
                r.starts_on or "",
                r.completed_on,
                r.hours,
                _yes(r.dei),
                _yes(r.about_rsc),
                "; ".join(data["areas"][pk] for pk in r.competency_ids if pk in data["areas"]),
                _yes(counted),
                "" if counted else why,
            ]
            for r, counted, why in data["training"]
        ),
    )
    files["rsc.csv"] = _csv(
        [
            "held on",
            "minutes",
            "individual or group",
            "provider",
            "provider's endorsement or vetting",
            "signed on",
            "sign-off SHA-256",
            "counted hours",
            "why not counted",
        ],
        (
            [
                line.log.held_on,
                line.log.minutes,
                "group attendance"
                if line.log.is_attendance
                else "individual"
                if line.log.individual
                else "group",
                earlier_label(line.log)
                if line.log.kind == EARLIER_KIND
                else line.log.provider_name,
                line.provider_credential,
                line.log.signed_on or "",
                line.log.sha256,
                line.counted_hours,
                line.why,
            ]
            for line in data["rsc"]
        ),
    )
    files["references.csv"] = _csv(
        ["rater", "role", "status", "completed on", "counts", "why not"],
        (
            [
                line.request.rater_name,
                line.request.get_role_display(),
                line.status,
                line.completed_on or "",
                _yes(line.counts),
                line.why,
            ]
            for line in data["references"]
        ),
    )
    files["grid.csv"] = grid_csv(data["grid"]).encode()
    for e, _counted, _why, name in data["education"]:
        if name:
            with e.transcript.open("rb") as transcript:
                files[name] = transcript.read()
    return files


def packet_zip(*, trainee, category=None, as_of=None) -> bytes:
    """Build the zip in memory (the PDF and CSVs are small; transcripts are upload-capped)."""
    files = packet_files(packet_contents(trainee=trainee, category=category, as_of=as_of))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- writes --------------------------------------------------------------------------------


@transaction.atomic
def packet_request(*, trainee, actor) -> PacketExport:
    """Start building a packet for `trainee` (asked by her or her coordinator); reuse one
    already being prepared, so a double click makes one."""
    person_lock(trainee)
    pending = PacketExport.objects.filter(trainee=trainee, status=ExportStatus.PENDING).first()
    if pending is not None:
        return pending
    profile = getattr(trainee, "profile", None)
    export = PacketExport.objects.create(
        trainee=trainee,
        category=profile.target_category if profile else None,
        requested_by=actor,
    )
    enqueue_after_commit(tasks.build_packet, export.pk)
    return export


def packet_build(*, export_id: int) -> PacketExport | None:
    """Write the zip for a pending export. Running it twice does nothing more; a failure marks
    it failed (the page offers to try again) rather than leaving it pending for the sweep."""
    with transaction.atomic():
        # Lock only the export row: PostgreSQL refuses FOR UPDATE across a nullable join.
        export = (
            PacketExport.objects.select_for_update(of=("self",))
            .select_related("trainee", "trainee__profile", "category")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status != ExportStatus.PENDING:
            return export
        try:
            content = packet_zip(trainee=export.trainee, category=export.category)
        except Exception:
            logger.exception("Application packet %s could not be built", export.pk)
            export.status = ExportStatus.FAILED
            export.finished_at = timezone.now()
            export.save(update_fields=["status", "finished_at"])
            return export
        export.file.save(f"packet-{export.pk}.zip", ContentFile(content), save=False)
        export.status = ExportStatus.READY
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "finished_at"])
    return export
