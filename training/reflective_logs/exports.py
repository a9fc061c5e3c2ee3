"""A trainee's own signed logs as PDF, and their RSC summary as CSV."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from training.core.tabular import SafeCSVWriter

from .selectors import rsc_hours, signed_rsc_rows


def export_csv(*, trainee) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rsc-summary.csv"'
    writer = SafeCSVWriter(response)
    writer.writerow(
        ["date", "minutes", "provider", "individual_or_group", "peer", "signed_off", "sha256"]
    )
    for row in signed_rsc_rows(trainee=trainee):
        writer.writerow(
            [
                row.held_on.isoformat(),
                row.minutes,
                row.provider_name,
                "individual" if row.individual else "group",
                "yes" if row.peer else "no",
                row.signed_on.isoformat(),
                row.sha256,
            ]
        )
    return response


def export_pdf(*, trainee) -> HttpResponse:
    from weasyprint import HTML

    from .models import ReflectiveLog

    logs = (
        ReflectiveLog.objects.signed_off()
        .filter(trainee=trainee)
        .select_related("session__provider", "sign_off")
        .prefetch_related("competencies", "addenda")
        .order_by("session__held_on", "pk")
    )
    html = render_to_string(
        "reflective_logs/export_pdf.html",
        {
            "trainee": trainee,
            "logs": logs,
            "hours": rsc_hours(rows=signed_rsc_rows(trainee=trainee)),
            "made_at": timezone.now(),
        },
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="reflective-logs.pdf"'
    return response
