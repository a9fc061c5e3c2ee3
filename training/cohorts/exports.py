"""Stream a cohort's table as CSV or XLSX with flat memory, and audit every export."""

import tempfile
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.utils.text import slugify
from openpyxl import Workbook

from training.core.tabular import SafeCSVWriter, xlsx_row
from training.privacy.models import PrivacyAuditEvent
from training.reports.progress import EXPORT_COLUMNS

from .models import Cohort
from .permissions import user_can_view_cohort
from .selectors import cohort_trainee_rows

_HEADINGS = [heading for heading, _value in EXPORT_COLUMNS]


def _values(row) -> list:
    return [value(row) for _heading, value in EXPORT_COLUMNS]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(cohort: Cohort) -> Iterator[str]:
    writer = SafeCSVWriter(_Echo())
    yield writer.writerow(_HEADINGS)
    for row in cohort_trainee_rows(cohort=cohort):
        yield writer.writerow(_values(row))


def _audit(cohort: Cohort, actor, fmt: str) -> None:
    """Refuse an actor who does not coordinate the cohort; record the export."""
    if not user_can_view_cohort(actor, cohort):
        raise PermissionDenied
    PrivacyAuditEvent.objects.create(
        action="cohort_export", actor=actor, details={"cohort": cohort.pk, "format": fmt}
    )


def cohort_export_csv(*, cohort: Cohort, actor) -> StreamingHttpResponse:
    """The cohort table as CSV, written row by row as it is sent."""
    _audit(cohort, actor, "csv")
    response = StreamingHttpResponse(_csv_lines(cohort), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(cohort.name)}.csv"'
    return response


def cohort_export_xlsx(*, cohort: Cohort, actor) -> FileResponse:
    """The cohort table as XLSX; openpyxl's write-only mode keeps rows out of memory."""
    _audit(cohort, actor, "xlsx")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Trainees")
    sheet.append(xlsx_row(sheet, _HEADINGS))
    for row in cohort_trainee_rows(cohort=cohort):
        sheet.append(xlsx_row(sheet, _values(row)))
    # FileResponse closes the file once it is sent, which deletes it.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(cohort.name)}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
