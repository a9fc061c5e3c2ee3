"""Files in a bucket: private objects stay private, two web processes share nothing but the
database and the bucket (runs in the PostgreSQL leg, which stores every file on a local
S3-compatible server: tests/s3server.py)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from tests import s3server
from tests.auth import sign_in
from tests.factories import UserFactory
from tests.pageforms import form_data
from tests.records.conftest import PDF_BYTES
from training.core.files import private_storage
from training.records.models import TrainingRecord

ROOT = Path(__file__).resolve().parents[2]
BUCKET = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")

pytestmark = pytest.mark.skipif(
    not s3server.wanted(), reason="files are on the local disk in this leg (ATTUNE_STORAGE)"
)


def _public_grants(key: str) -> list[dict]:
    acl = s3server.client().get_object_acl(Bucket=BUCKET, Key=key)
    return [g for g in acl["Grants"] if g["Grantee"].get("Type") == "Group"]


@pytest.mark.django_db
def test_a_private_file_is_an_object_no_one_outside_can_read():
    name = private_storage().save("exports/probe.zip", ContentFile(b"personal bytes"))
    key = f"private/{name}"
    assert key in s3server.keys("private/")
    assert _public_grants(key) == []  # no AllUsers / AuthenticatedUsers grant
    url = private_storage().url(name)  # the app streams instead; a URL would be short-lived
    assert "Signature" in url and ("X-Amz-Expires=300" in url or "Expires=" in url)
    private_storage().delete(name)
    assert key not in s3server.keys("private/")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _web_process(scratch: Path) -> tuple[subprocess.Popen, str]:
    """A web process of its own: its own working directory and scratch disk, the same
    database (this test's) and the same bucket."""
    port = _free_port()
    db = connection.settings_dict
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "training.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "ATTUNE_TEST_VAR": str(scratch),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "training.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=scratch,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            requests.get(f"{base}/", timeout=2)
            return process, base
        except requests.RequestException:  # not listening yet, or still loading Django
            if process.poll() is not None:
                break
            time.sleep(0.3)
    process.kill()
    raise AssertionError(process.communicate()[0].decode(errors="replace"))


def _files_holding(folder: Path, content: bytes) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and content in p.read_bytes()]


@pytest.mark.django_db(transaction=True)
def test_a_file_uploaded_through_one_web_process_is_served_by_another(tmp_path, client):
    trainee = UserFactory(trainee=True)
    sign_in(client, trainee)
    cookies = {key: morsel.value for key, morsel in client.cookies.items()}
    first_dir, second_dir = tmp_path / "web-1", tmp_path / "web-2"
    first_dir.mkdir()
    second_dir.mkdir()
    first, first_url = _web_process(first_dir)
    second, second_url = _web_process(second_dir)
    try:
        browser = requests.Session()
        browser.cookies.update(cookies)
        add = reverse("records_training_add")
        page = browser.get(first_url + add, timeout=30)
        assert page.status_code == 200, page.text[:500]
        data = form_data(page.text, add, add) | {
            "title": "Attachment across the first year",
            "sponsor": "Regional IECMH Association",
            "evidence_kind": "series",
            "starts_on": "2026-03-01",
            "completed_on": "2026-03-03",
            "hours": "6",
        }
        posted = browser.post(
            first_url + add,
            data=data,
            files={"certificate": ("certificate.pdf", PDF_BYTES, "application/pdf")},
            allow_redirects=False,
            timeout=30,
        )
        assert posted.status_code == 302, posted.text[:2000]
        record = TrainingRecord.objects.get(trainee=trainee)
        assert f"private/{record.certificate.name}" in s3server.keys("private/")

        download = reverse("records_training_certificate", args=[record.pk])
        served = browser.get(second_url + download, timeout=30)
        assert served.status_code == 200
        assert served.content == PDF_BYTES
        assert served.headers["Content-Disposition"].startswith("attachment")

        stranger = requests.Session()
        other = UserFactory(trainee=True)
        sign_in(client, other)
        stranger.cookies.update({k: m.value for k, m in client.cookies.items()})
        refused = stranger.get(second_url + download, timeout=30)
        assert refused.status_code == 404
        assert PDF_BYTES not in refused.content
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(30)
    # Neither process kept the upload on its own disk: the bucket is the only copy.
    assert _files_holding(first_dir, PDF_BYTES) == []
    assert _files_holding(second_dir, PDF_BYTES) == []
