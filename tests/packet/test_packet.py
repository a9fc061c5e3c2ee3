"""The application packet: every section in the association's order, the CSV files, what it
never holds (log text, reference ratings), who downloads it, and its background build."""

import csv
import io
import re
import zipfile
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import category
from tests.factories import ProfileFactory, UserFactory
from tests.reflective_logs.factories import CANARY as LOG_CANARY
from training.applications.models import Education
from training.competencies.models import ProviderQualification
from training.core.tabular import FORMULA_PREFIXES
from training.readiness import packet, tasks
from training.readiness.enums import ExportStatus
from training.readiness.models import PacketExport

from .conftest import OPEN_CANARY, TRANSCRIPT, WAIVED_CANARY, add_records

pytestmark = pytest.mark.django_db

CSV_FILES = (
    "application.csv",
    "work.csv",
    "education.csv",
    "training.csv",
    "rsc.csv",
    "references.csv",
    "grid.csv",
)


def _built(trainee, actor=None) -> PacketExport:
    export = packet.packet_request(trainee=trainee, actor=actor or trainee)
    packet.packet_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    return export


def _files(export) -> dict[str, bytes]:
    with export.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_packet_has_every_section_in_the_applications_order(applicant):
    html = packet.packet_html(packet.packet_contents(trainee=applicant))
    headings = re.findall(r"<h2>(\d+)\. ([^<]+)</h2>", html)
    assert [int(number) for number, _title in headings] == list(range(1, 11))
    for (_number, title), expected in zip(headings, packet.SECTIONS, strict=True):
        assert title.startswith(expected), (title, expected)
    text = _text(html)
    # 1: the verdict and each requirement's state and sentence.
    assert "Noor Haddad" in text and applicant.email in text and "Little Steps" in text
    assert "Home visiting" in text and "IMHS" in text
    assert re.search(r"Ready to apply|Not ready", text)
    assert re.search(r"Reflective supervision/consultation \(RSC\) received (Met|Not met)", text)
    # 2, 3: membership and the agreements with the re-commitment date.
    assert "State AIMH" in text and "M-1" in text
    assert "Code of Ethics re-commitment due" in text
    # 4, 5: work (with the direct supervisor) and education with its transcript's name.
    assert "Dana Boss" in text and "dana@example.org" in text and "Home visitor 1" in text
    transcript = Education.objects.exclude(transcript="").get()
    assert f"transcripts/education-{transcript.pk}.pdf" in text
    # 7: each log with the provider's endorsement and number.
    assert "endorsed IMHM-C, no. IMHMC-4242" in text
    # 8: references by status only.
    assert "Waived rater 0" in text and "Completed" in text
    # 10: the exam and the application.
    assert "Passed" in text and "Preparing" in text


def test_the_zip_holds_a_pdf_the_csv_files_and_the_transcript(
    applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        export = packet.packet_request(trainee=applicant, actor=applicant)
    assert len(callbacks) == 1  # queued after commit, not built in the request
    tasks.build_packet(export.pk)
    tasks.build_packet(export.pk)  # twice is harmless
    export.refresh_from_db()
    files = _files(export)
    transcript = Education.objects.exclude(transcript="").get()
    assert set(files) == {
        "packet.pdf",
        *CSV_FILES,
        f"transcripts/education-{transcript.pk}.pdf",
    }
    assert files["packet.pdf"].startswith(b"%PDF")
    assert files[f"transcripts/education-{transcript.pk}.pdf"] == TRANSCRIPT
    work = _rows(files["work.csv"])
    assert work[0][:2] == ["position", "employer"] and "direct supervisor's email" in work[0]
    assert len(work) == 3  # header and both rows
    assert len(_rows(files["education.csv"])) == 3
    assert len(_rows(files["training.csv"])) == 3
    rsc = _rows(files["rsc.csv"])
    assert len(rsc) == 3
    assert all("endorsed IMHM-C, no. IMHMC-4242" in row for row in rsc[1:])
    references = _rows(files["references.csv"])
    assert len(references) == 5
    assert {row[2] for row in references[1:]} == {"Completed"}
    summary = _rows(files["application.csv"])
    assert summary[0] == ["section", "item", "value", "detail"]
    sections = [row[0] for row in summary[1:]]
    for section in ("details", "verdict", "requirement", "membership", "agreement", "exam"):
        assert section in sections
    assert ["application", "IMHS", "Preparing", ""] in summary
    grid = _rows(files["grid.csv"])
    assert grid[1][:2] == ["Theoretical Foundations", "Attachment"]
    assert "Workshop 1 (6 h)" in grid[1][3] and grid[1][4] == "2"


def test_no_rating_and_no_log_text_is_in_any_file(applicant):
    export = _built(applicant)
    html = packet.packet_html(packet.packet_contents(trainee=applicant))
    for canary in (WAIVED_CANARY, OPEN_CANARY, LOG_CANARY):
        assert canary not in html
        for name, content in _files(export).items():
            assert canary.encode() not in content, (canary, name)
    # The log's other sections (its reflective text) stay out too.
    assert "first weeks at home" not in html
    assert "Confidential" not in html


def test_formula_cells_are_neutralised(applicant):
    files = _files(_built(applicant))
    cells = [cell for name in CSV_FILES for row in _rows(files[name]) for cell in row]
    assert "'=HYPERLINK(evil)" in cells
    assert "'-2+3 visits families" in cells
    assert "'@Dana Boss" in cells
    for cell in cells:
        assert not cell.startswith(FORMULA_PREFIXES) or re.fullmatch(r"-?\d+(\.\d+)?", cell), cell


# --- who gets it ---------------------------------------------------------------------------


def _download(client, user, export):
    if user is not None:
        sign_in(client, user)
    else:
        client.logout()
    return client.get(reverse("readiness_packet_download", args=[export.pk]))


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_coordinator_downloads_the_same_file_the_trainee_built(
    client, applicant, cohort_coordinator
):
    export = _built(applicant)
    mine = _download(client, applicant, export)
    assert mine.status_code == HTTPStatus.OK
    assert mine["Content-Disposition"].startswith("attachment;")
    theirs = _download(client, cohort_coordinator, export)
    assert theirs.status_code == HTTPStatus.OK
    assert _body(mine) == _body(theirs)
    page = client.get(reverse("readiness_of", args=[applicant.pk])).content.decode()
    assert reverse("readiness_packet_download", args=[export.pk]) in page
    assert "Prepare a fresh application packet" in page


def test_nobody_else_gets_the_packet(client, applicant, cohort, other_trainee):
    export = _built(applicant)
    elsewhere = CohortFactory(trainees=[other_trainee]).coordinators.get()
    supervisor = applicant.supervisor_assignments.first().supervisor
    download = reverse("readiness_packet_download", args=[export.pk])
    fresh = reverse("readiness_packet_request_for", args=[applicant.pk])
    for user in (elsewhere, other_trainee, supervisor):
        sign_in(client, user)
        response = client.get(download)
        assert response.status_code == HTTPStatus.NOT_FOUND, user
        assert applicant.last_name.encode() not in response.content
        assert client.post(fresh).status_code == HTTPStatus.NOT_FOUND, user
        page = client.get(reverse("readiness_of", args=[applicant.pk]))
        assert download not in page.content.decode()
    client.logout()
    assert client.get(download).status_code == HTTPStatus.FOUND
    assert client.post(fresh).status_code == HTTPStatus.FOUND
    assert PacketExport.objects.count() == 1


def test_the_supervisor_who_may_follow_her_sees_no_packet(client, applicant):
    supervisor = applicant.supervisor_assignments.first().supervisor
    sign_in(client, supervisor)
    page = client.get(reverse("readiness_of", args=[applicant.pk]))
    assert page.status_code == HTTPStatus.OK  # she follows the readiness...
    assert "Application packet" not in page.content.decode()  # ...not the packet


def test_a_coordinator_asks_for_a_fresh_packet_for_the_trainee(
    client, applicant, cohort_coordinator, django_capture_on_commit_callbacks
):
    sign_in(client, cohort_coordinator)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("readiness_packet_request_for", args=[applicant.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert len(callbacks) == 1  # the build is queued after commit
    export = PacketExport.objects.get()
    assert export.trainee == applicant and export.requested_by == cohort_coordinator
    page = client.get(reverse("readiness_of", args=[applicant.pk])).content.decode()
    assert "Being prepared" in page
    tasks.build_packet(export.pk)
    sign_in(client, applicant)
    page = client.get(reverse("readiness")).content.decode()
    assert reverse("readiness_packet_download", args=[export.pk]) in page


# --- building it ---------------------------------------------------------------------------


def test_a_double_click_on_prepare_makes_one_export(login, applicant):
    client = login(applicant)
    page = client.get(reverse("readiness")).content.decode()
    assert "Prepare my application packet" in page
    key = re.search(
        r'action="/readiness/packet/".*?name="submission_key" value="([^"]+)"', page, re.S
    ).group(1)
    for _ in range(2):
        response = client.post(reverse("readiness_packet_request"), {"submission_key": key})
        assert response.status_code == HTTPStatus.FOUND
    assert PacketExport.objects.filter(trainee=applicant).count() == 1
    # Without the key, a second press while it is being prepared reuses it.
    assert packet.packet_request(trainee=applicant, actor=applicant) == PacketExport.objects.get()


def test_a_failing_build_is_marked_failed_and_offered_again(login, applicant, monkeypatch):
    def broken(**_):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(packet, "packet_zip", broken)
    export = packet.packet_request(trainee=applicant, actor=applicant)
    packet.packet_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and not export.file
    packet.packet_build(export_id=export.pk)  # not retried: still failed, nothing more
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.pk not in tasks._packets_waiting(export.created_at.replace(year=3000))
    page = login(applicant).get(reverse("readiness")).content.decode()
    assert "Could not be made." in page and "Try again" in page
    assert reverse("readiness_packet_download", args=[export.pk]) not in page
    # Trying again makes a new export (the failed one is not pending).
    assert packet.packet_request(trainee=applicant, actor=applicant) != export


def test_building_the_packet_does_not_grow_queries_with_the_records(trainee, provider):
    def queries_for(n: int) -> int:
        person = UserFactory(trainee=True)
        add_records(person, n, provider=provider)
        with CaptureQueriesContext(connection) as captured:
            packet.packet_files(packet.packet_contents(trainee=person))
        return len(captured)

    assert queries_for(10) == queries_for(30)


def test_each_log_says_what_qualified_its_provider_and_why_it_did_not_count(trainee):
    ProfileFactory(user=trainee, target_category=category("IMHS"))
    unqualified = UserFactory(supervisor=True, last_name="Unvetted")
    vetted = UserFactory(supervisor=True, last_name="Vetted")
    ProviderQualification.objects.create(
        supervisor=vetted, category=category("IMHS"), vetted_by_association=True
    )
    add_records(trainee, 1, provider=unqualified)
    add_records(trainee, 1, provider=vetted)
    files = packet.packet_files(packet.packet_contents(trainee=trainee))
    rows = {row[3]: row for row in _rows(files["rsc.csv"])[1:]}
    not_counted = rows[unqualified.display_name]
    assert not_counted[4] == "no qualification on record for that day"
    assert not_counted[7:] == [
        "0",
        "The provider was not qualified for this endorsement on that day.",
    ]
    counted = rows[vetted.display_name]
    assert counted[4] == "vetted by the association to provide RSC for IMHS"
    assert counted[7:] == ["1", ""]
