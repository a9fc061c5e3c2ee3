"""A real worker survives its broker going away under load and finishes the work by itself.

A private redis-server (so other tests' Redis is untouched) is stopped with SIGKILL while the
worker is busy with emails, then started again on the same port with nothing kept (as
scripts/ensure_services.sh runs it: the queue is lost); the same worker process must reconnect
and every pending outbox message must be sent exactly once, within a bounded time.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu import Connection

from training.notifications.enums import OutboxStatus
from training.notifications.models import OutboxMessage
from training.notifications.services import OUTBOX_HEADER
from training.notifications.tasks import send_outbox_message

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 40
DEADLINE_SECONDS = 150

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="needs REDIS_URL (the PostgreSQL + Redis leg)"
    ),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a shared PostgreSQL database"
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_redis(port: int, workdir: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            "redis-server",
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--dir", str(workdir),
            "--save", "",
            "--appendonly", "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("redis-server did not start")


def _sent_ids(mail_dir: Path) -> list[int]:
    found = []
    for path in mail_dir.iterdir():
        found += [int(n) for n in re.findall(rf"^{OUTBOX_HEADER}: (\d+)$", path.read_text(), re.M)]
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("outage_seconds", [1, 20], ids=["quick-restart", "long-outage"])
def test_the_worker_survives_redis_restarting_under_load_and_sends_each_email_once(
    tmp_path, outage_seconds
):
    port = _free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis_dir, mail_dir = tmp_path / "redis", tmp_path / "mail"
    redis_dir.mkdir()
    mail_dir.mkdir()
    redis = _start_redis(port, redis_dir)
    messages = [
        OutboxMessage.objects.create(
            to_email=f"person{n}@example.org", subject=f"Outage check {n}", body="Sent once."
        )
        for n in range(MESSAGES)
    ]
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="training.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        REDIS_URL=broker,
        EMAIL_BACKEND="tests.notifications.slow_email.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        ATTUNE_TEST_EMAIL_DELAY=os.environ.get("ATTUNE_TEST_EMAIL_DELAY", "0.25"),
    )
    # The worker as production runs it (scripts/serve_prod.sh): prefork, two processes.
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "training", "worker",
         "--concurrency=2", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    output = ""
    try:
        with Connection(broker) as publisher:
            for message in messages:
                send_outbox_message.apply_async((message.pk,), connection=publisher)
        # Let the worker get going, then take the broker away in the middle of the work.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_sent_ids(mail_dir)) < 4:
            time.sleep(0.1)
        assert _sent_ids(mail_dir), "the worker never started sending"
        redis.send_signal(signal.SIGKILL)
        redis.wait(10)
        time.sleep(outage_seconds)
        if worker.poll() is not None:
            said = worker.communicate(timeout=10)[0].decode(errors="replace")[-4000:]
            pytest.fail(f"the worker exited while Redis was down; it said:\n{said}")
        redis = _start_redis(port, redis_dir)

        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline:
            pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
            if not pending or worker.poll() is not None:
                break
            time.sleep(0.5)
        survived = worker.poll() is None
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            output = worker.communicate(timeout=30)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0].decode(errors="replace")
        redis.kill()
        redis.wait(10)
    tail = output[-6000:]
    if os.environ.get("ATTUNE_WORKER_LOG"):
        Path(os.environ["ATTUNE_WORKER_LOG"]).write_text(output)
    assert survived, "the worker exited:\n" + tail
    assert not OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists(), tail
    sent = _sent_ids(mail_dir)
    assert sorted(sent) == sorted(m.pk for m in messages), tail
