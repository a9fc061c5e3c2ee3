"""What a "my data" download holds: a readable summary, the JSON, the files, and never an
earlier download."""

import datetime
import json
import zipfile

import pytest
from django.core.files.base import ContentFile

from tests.factories import UserFactory
from training.privacy.enums import ExportStatus
from training.privacy.models import DataExport
from training.privacy.services import data_export_build, data_export_request
from training.records.models import TrainingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    user = UserFactory(trainee=True, email="orla.brennan@example.org")
    for title in ("Infant development", "Attachment and loss"):
        TrainingRecord.objects.create(
            trainee=user,
            title=title,
            source="external",
            hours=2,
            completed_on=datetime.date(2026, 1, 5),
        )
    return user


def _export(user, django_capture_on_commit_callbacks) -> zipfile.ZipFile:
    with django_capture_on_commit_callbacks():
        export = data_export_request(user=user)
    data_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    return zipfile.ZipFile(export.archive.open("rb"))


def test_a_second_export_holds_no_earlier_export(person, django_capture_on_commit_callbacks):
    with _export(person, django_capture_on_commit_callbacks) as first:
        first_names = first.namelist()
    with _export(person, django_capture_on_commit_callbacks) as second:
        names = second.namelist()
        data = json.loads(second.read("data.json"))
        nested = [
            name for name in names if zipfile.is_zipfile(second.open(name)) or name.endswith(".zip")
        ]
    assert nested == []
    assert sorted(names) == sorted(first_names)
    # The earlier export is listed as a fact (when, whether ready), without its file.
    exports = data["privacy.DataExport"]
    assert len(exports) == 2
    assert all("archive" not in row and "token" not in row for row in exports)


def test_an_export_keeps_the_persons_own_files(person, django_capture_on_commit_callbacks):
    record = TrainingRecord.objects.filter(trainee=person).first()
    record.certificate.save("certificate.pdf", ContentFile(b"%PDF-1.4 mine"), save=True)
    with _export(person, django_capture_on_commit_callbacks) as archive:
        files = [name for name in archive.namelist() if name.startswith("files/")]
        assert [archive.read(name) for name in files] == [b"%PDF-1.4 mine"]


def test_an_export_opens_with_a_summary_of_what_is_held(person, django_capture_on_commit_callbacks):
    with _export(person, django_capture_on_commit_callbacks) as archive:
        assert archive.namelist()[0] == "README.txt"
        summary = archive.read("README.txt").decode()
        data = json.loads(archive.read("data.json"))
    assert "A copy of the data Attune holds about you" in summary
    assert person.email in summary
    lines = {line.split("  ")[1].strip(): line for line in summary.splitlines() if "  (" in line}
    assert "Training records" in lines
    assert lines["Training records"].split()[2] == "2"
    # Every kind in the JSON is named, with its count, in the summary.
    for label, rows in data.items():
        assert any(f"({label})" in line and f" {len(rows)} " in line for line in lines.values())


def test_another_persons_export_is_not_in_mine(person, django_capture_on_commit_callbacks):
    other = UserFactory(trainee=True)
    other_export = DataExport.objects.create(user=other)
    data_export_build(export_id=other_export.pk)
    with _export(person, django_capture_on_commit_callbacks) as archive:
        data = json.loads(archive.read("data.json"))
    assert [row["user"] for row in data["privacy.DataExport"]] == [person.pk]
