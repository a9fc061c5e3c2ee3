"""The portfolio a trainee attaches to an endorsement application: a PDF summary and CSV files
(training, RSC with sign-off hashes, competency grid, requirements) in one zip."""

import io
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone

from training.core.tabular import SafeCSVWriter
from training.earlier_rsc.selectors import KIND as EARLIER_KIND

from .selectors import competency_grid, readiness_for, requirement_rows, rsc_label


def _csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = SafeCSVWriter(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def grid_csv(grid) -> str:
    """The competency evidence grid as CSV (the portfolio's and the packet's)."""
    return _csv(
        ["domain", "area", "Attune courses", "external training", "signed RSC logs"],
        (
            [
                domain.name,
                row.name,
                "; ".join(e.label for e in row.courses),
                "; ".join(e.label for e in row.external),
                len(row.rsc),
            ]
            for domain in grid
            for row in domain.rows
        ),
    )


def _counted(readiness, row) -> bool:
    found = readiness.report.outcome(row.kind, row.log_id) if readiness.report else None
    return bool(found and found.counted)


def portfolio_contents(*, trainee, category=None, as_of=None) -> dict:
    """Everything the PDF and CSV files show, from one read of the evidence."""
    readiness = readiness_for(trainee=trainee, category=category, as_of=as_of)
    evidence = readiness.evidence
    grid = competency_grid(evidence)
    areas = {
        row.competency_id: f"{domain.name}: {row.name}" for domain in grid for row in domain.rows
    }
    return {
        "trainee": trainee,
        "readiness": readiness,
        "requirements": requirement_rows(readiness.report),
        "renewal_requirements": requirement_rows(readiness.renewal),
        "records": [r for r in evidence.training if r.verified],
        "areas": areas,
        "logs": evidence.signed_rsc,
        "counted_ids": readiness.report.counted_ids("rsc") if readiness.report else set(),
        # Logs, group attendance and months of earlier RSC, each with whether it counted: their
        # ids may coincide, so each is looked up under its own kind.
        "rsc_rows": [
            (log, rsc_label(log), readiness.outcome_text(log.kind, log.log_id), counted)
            for log in evidence.signed_rsc
            for counted in [_counted(readiness, log)]
        ],
        "grid": grid,
        "generated_at": timezone.now(),
    }


def portfolio_zip(*, trainee, category=None, as_of=None) -> bytes:
    """Build the zip in memory (a portfolio is a few hundred kilobytes at most)."""
    from weasyprint import HTML

    data = portfolio_contents(trainee=trainee, category=category, as_of=as_of)
    html = render_to_string("readiness/portfolio_pdf.html", data)
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
                "; ".join(data["areas"][pk] for pk in r.competency_ids if pk in data["areas"]),
            ]
            for r in data["records"]
        ),
    )
    rsc_csv = _csv(
        [
            "log",
            "kind",
            "held on",
            "minutes",
            "provider",
            "individual or group",
            "peer",
            "about the RSC provided",
            "signed on",
            "sign-off SHA-256",
            "counted",
            "why",
        ],
        (
            [
                log.log_id,
                "group attendance"
                if log.is_attendance
                else "earlier RSC"
                if log.kind == EARLIER_KIND
                else "reflective log",
                log.held_on,
                log.minutes,
                label if log.kind == EARLIER_KIND else log.provider_name,
                "individual" if log.individual else "group",
                "yes" if log.peer else "no",
                "yes" if log.about_providing_rsc else "no",
                log.signed_on,
                log.sha256,
                "yes" if counted else "no",
                why,
            ]
            for log, label, why, counted in data["rsc_rows"]
        ),
    )
    grid = grid_csv(data["grid"])
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
        archive.writestr("competency-grid.csv", grid)
    return buffer.getvalue()
