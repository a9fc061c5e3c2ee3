"""With Redis down (cache and broker), the site keeps serving everything that does not need it.

The settings are computed by the real settings module with REDIS_URL pointing at a closed port,
so the cache backend and broker options under test are the ones production gets.
"""

import datetime
import runpy
import socket
import time
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache, caches
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.urlwalk import routes
from training.celery import app as celery_app
from training.core import cache as resilient
from training.core.sweeps import unqueued_work
from training.core.tasks import sweep_unqueued_work
from training.notifications.enums import OutboxStatus
from training.notifications.models import OutboxMessage
from training.privacy.enums import ExportStatus
from training.privacy.models import DataExport
from training.reflective_logs.models import ReflectiveLog

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-41"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(monkeypatch, caplog):
    """Cache and broker configured exactly as the settings do for an unreachable REDIS_URL."""
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    monkeypatch.setenv("REDIS_URL", url)
    computed = runpy.run_path(str(Path(settings.BASE_DIR) / "training" / "settings" / "base.py"))
    saved_pool, saved_producers = celery_app._pool, celery_app.amqp._producer_pool
    celery_app._pool, celery_app.amqp._producer_pool = None, None
    monkeypatch.setitem(celery_app.conf, "task_always_eager", computed["CELERY_TASK_ALWAYS_EAGER"])
    monkeypatch.setitem(celery_app.conf, "broker_url", computed["CELERY_BROKER_URL"])
    monkeypatch.setitem(
        celery_app.conf,
        "broker_transport_options",
        computed["CELERY_BROKER_TRANSPORT_OPTIONS"],
    )
    assert celery_app.conf.task_always_eager is False
    with override_settings(CACHES=computed["CACHES"]):
        yield url
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool, celery_app.amqp._producer_pool = saved_pool, saved_producers


def _client(user, **kwargs) -> Client:
    client = Client()
    sign_in(client, user, **kwargs)
    return client


def test_sign_in_page_and_password_sign_in_work(redis_down):
    user = UserFactory(trainee=True, password=PASSWORD)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    client = Client()
    assert client.get(reverse("account_login")).status_code == 200
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code in (200, 302)
    # A wrong password is still refused with a form error, not a 500.
    wrong = Client().post(reverse("account_login"), {"login": user.email, "password": "nope"})
    assert wrong.status_code == 200


def test_dashboard_log_create_and_submit_work(home_page, redis_down):
    assignment = SupervisionAssignmentFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    client = _client(assignment.trainee)
    assert client.get(reverse("dashboard"), follow=True).status_code == 200
    created = client.post(
        reverse("reflective_logs:create"),
        {
            "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "minutes": "60",
            "modality": "video",
            "provider": str(assignment.supervisor.pk),
            "family_story": "The parent (M) talked about nights.",
        },
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    log = ReflectiveLog.objects.get(trainee=assignment.trainee)
    submitted = client.post(reverse("reflective_logs:check", args=[log.pk]), {"confirmed": "on"})
    assert submitted.status_code == 302
    log.refresh_from_db()
    assert log.state == "submitted"
    # The supervisor's email waits in the outbox for the broker.
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING


def test_requests_that_queue_background_work_succeed_and_the_sweep_queues_it_later(
    redis_down, caplog, django_capture_on_commit_callbacks
):
    person = UserFactory(trainee=True)
    client = _client(person)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy_my_data_request"))
    assert time.monotonic() - started < 5
    assert response.status_code == 302
    assert "Broker unavailable" in caplog.text
    export = DataExport.objects.get(user=person)
    assert export.status == ExportStatus.PENDING
    DataExport.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    assert unqueued_work()["data_export"] == [export.pk]
    # The sweep itself survives the outage, and queues it once the broker is back.
    assert sweep_unqueued_work() == 0


def test_the_sweep_builds_what_was_not_queued(home_page, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)  # a worker, in-process
    person = UserFactory(trainee=True)
    export = DataExport.objects.create(user=person)
    DataExport.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    assert sweep_unqueued_work() >= 1
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert unqueued_work()["data_export"] == []


def _page_routes():
    # Every page outside the two admins (their own tests walk those), plus their front doors.
    found = [r.path for r in routes() if not r.path.startswith(("/admin/", "/django-admin/"))]
    return [*found, "/admin/", "/django-admin/"]


@pytest.mark.parametrize("role", ["trainee", "supervisor", "coordinator", "superuser"])
def test_no_page_answers_500_for_any_role(home_page, redis_down, role):
    flags = {"superuser": {"is_superuser": True, "is_staff": True, "with_mfa": True}}.get(
        role, {role: True, "with_mfa": role != "trainee"}
    )
    client = _client(UserFactory(**flags))
    failures = []
    for path in _page_routes():
        status = client.get(path).status_code
        if status >= 500:
            failures.append(f"{path} {status}")
    assert failures == []


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "training.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
)
def test_the_cache_answers_from_memory_then_tries_redis_again(monkeypatch, caplog):
    assert cache.add("k", 1, 60) is True
    assert cache.get("k") == 1
    assert cache.incr("k") == 2
    assert "Redis unreachable" in caplog.text
    backend = caches["default"]
    assert backend.redis_is_down
    tried = []
    monkeypatch.setattr(
        resilient.RedisCache, "get", lambda self, *a, **k: tried.append(a) or "from redis"
    )
    assert cache.get("k") == 2  # still within RETRY_SECONDS: memory, Redis not tried
    assert tried == []
    backend._down_until = time.monotonic() - 1
    assert cache.get("k") == "from redis"
