"""One integration test with a real Celery worker process, Redis broker and a real database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from training.notifications.enums import OutboxStatus
from training.notifications.models import OutboxMessage
from training.notifications.tasks import send_outbox_message

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="needs REDIS_URL (the PostgreSQL + Redis leg)"
    ),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a shared PostgreSQL database"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_an_outbox_message(tmp_path):
    message = OutboxMessage.objects.create(
        to_email="worker@example.org", subject="Worker check", body="Sent by a real worker."
    )
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="training.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path),
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "training",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        send_outbox_message.delay(message.pk)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            message.refresh_from_db()
            if message.status == OutboxStatus.SENT:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert message.status == OutboxStatus.SENT, output
    sent = "".join(p.read_text() for p in tmp_path.iterdir())
    assert "Worker check" in sent
