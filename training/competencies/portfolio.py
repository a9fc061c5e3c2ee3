"""The portfolio a trainee attaches to an endorsement application: a PDF summary and CSV files
(training, RSC with sign-off hashes, competency grid, requirements) in one zip."""

import io
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone

from training.core.tabular import SafeCSVWriter

from .models import TrainingRecord
from .readiness import counted_rsc
from .selectors import (
    competency_grid,
    readiness_for,
    requirement_rows,
    rsc_items,
    rules_for,
    signed_rsc,
)


def _csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = SafeCSVWriter(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def portfolio_contents(*, trainee, category=None, as_of=None) -> dict:
    """Everything the PDF and CSV files show, read once."""
    readiness = readiness_for(trainee=trainee, category=category, as_of=as_of)
    records = (
        TrainingRecord.objects.for_trainee(trainee)
        .verified()
        .prefetch_related("competencies")
        .order_by("completed_on", "pk")
    )
    logs = signed_rsc(trainee=trainee)
    counted_ids = set()
    if readiness.category is not None:
        items = rsc_items(trainee=trainee, category=readiness.category)
        kept = counted_rsc(rules_for(readiness.category), items, readiness.as_of)
        kept_keys = {(i.provider, i.held_on, i.minutes) for i in kept}
        counted_ids = {
            log.log_id
            for log in logs
            if (str(log.provider_id), log.held_on, log.minutes) in kept_keys and not log.peer
        }
    return {
        "trainee": trainee,
        "readiness": readiness,
        "requirements": requirement_rows(readiness.report),
        "renewal_requirements": requirement_rows(readiness.renewal),
        "records": list(records),
        "logs": logs,
        "counted_ids": counted_ids,
        "grid": competency_grid(trainee=trainee),
        "generated_at": timezone.now(),
    }


def portfolio_zip(*, trainee, category=None, as_of=None) -> bytes:
    """Build the zip in memory (a portfolio is a few hundred kilobytes at most)."""
    from weasyprint import HTML

    data = portfolio_contents(trainee=trainee, category=category, as_of=as_of)
    html = render_to_string("competencies/portfolio_pdf.html", data)
    pdf = HTML(string=html).write_pdf()
    training_csv = _csv(
        [
            "title",
            "sponsor",
            "source",
            "kind",
            "first day",
            "last day",
            "hours",
            "DEI",
            "about providing RSC",
            "areas",
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
                "yes" if r.dei else "no",
                "yes" if r.about_rsc else "no",
                "; ".join(f"{c.domain.name}: {c.name}" for c in r.competencies.all()),
            ]
            for r in data["records"]
        ),
    )
    rsc_csv = _csv(
        [
            "log",
            "held on",
            "minutes",
            "provider",
            "individual or group",
            "peer",
            "about the RSC provided",
            "signed on",
            "sign-off SHA-256",
            "counted",
        ],
        (
            [
                log.log_id,
                log.held_on,
                log.minutes,
                log.provider_name,
                "individual" if log.individual else "group",
                "yes" if log.peer else "no",
                "yes" if log.about_providing_rsc else "no",
                log.signed_on,
                log.sha256,
                "yes" if log.log_id in data["counted_ids"] else "no",
            ]
            for log in data["logs"]
        ),
    )
    grid_csv = _csv(
        ["domain", "area", "Attune courses", "external training", "signed RSC logs"],
        (
            [
                domain.name,
                row.name,
                "; ".join(e.label for e in row.courses),
                "; ".join(e.label for e in row.external),
                len(row.rsc),
            ]
            for domain in data["grid"]
            for row in domain.rows
        ),
    )
    requirements_csv = _csv(
        ["requirement", "needed", "have", "unit", "met", "detail"],
        (
            [r.label, r.needed, r.have, r.unit, "yes" if r.met else "no", r.detail]
            for r in data["requirements"]
        ),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("portfolio.pdf", pdf)
        archive.writestr("requirements.csv", requirements_csv)
        archive.writestr("training.csv", training_csv)
        archive.writestr("rsc.csv", rsc_csv)
        archive.writestr("competency-grid.csv", grid_csv)
    return buffer.getvalue()
