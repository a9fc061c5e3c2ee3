"""Emails that are never lost and never carry log text; reminders; concurrent sign-offs."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone
from kombu import Connection

from tests.factories import ProfileFactory, SupervisionAssignmentFactory, UserFactory
from training.celery import app as celery_app
from training.notifications.enums import OutboxStatus
from training.notifications.models import OutboxMessage
from training.notifications.tasks import send_outbox_message, sweep_outbox
from training.reflective_logs import services
from training.reflective_logs.enums import AuditAction
from training.reflective_logs.models import LogAuditEvent, ReflectiveLog, SignOff
from training.reflective_logs.tasks import send_reminders

from .factories import ReflectiveLogFactory

pytestmark = pytest.mark.django_db

UNREACHABLE = "redis://127.0.0.1:1/0"


def test_with_the_broker_unreachable_submit_succeeds_and_each_email_goes_once_later(
    log, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    dead = Connection(
        UNREACHABLE,
        connect_timeout=1,
        transport_options={"max_retries": 1, "interval_start": 0, "interval_step": 0.1},
    )
    with monkeypatch.context() as broker_down:
        broker_down.setitem(celery_app.conf, "task_always_eager", False)
        broker_down.setattr(
            send_outbox_message,
            "delay",
            lambda *args: send_outbox_message.apply_async(args, connection=dead, retry=False),
        )
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            services.log_submit(log_id=log.pk, trainee=log.trainee)
        elapsed = time.monotonic() - started
    assert elapsed < 5
    assert "Broker unavailable" in caplog.text
    assert ReflectiveLog.objects.get(pk=log.pk).state == "submitted"
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING

    # The broker is back: the sweep queues what is pending (twice here), a worker runs each.
    OutboxMessage.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    queued: list[int] = []
    monkeypatch.setattr(send_outbox_message, "delay", lambda pk: queued.append(pk))
    sweep_outbox()
    sweep_outbox()
    assert queued == [message.pk, message.pk]
    for pk in queued:
        send_outbox_message(pk)
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT


def test_overdue_reviews_remind_the_supervisor_once(submitted_log, settings):
    settings.ATTUNE_REVIEW_OVERDUE_DAYS = 7
    ReflectiveLog.objects.filter(pk=submitted_log.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert services.reminders_overdue_reviews() == 1
    assert services.reminders_overdue_reviews() == 0
    reminder = OutboxMessage.objects.get(subject__contains="waited a while")
    assert reminder.recipient == submitted_log.session.provider


def test_a_log_not_yet_overdue_sends_no_reminder(submitted_log):
    assert services.reminders_overdue_reviews() == 0


def test_a_trainee_with_no_log_for_30_days_gets_one_nudge():
    trainee = UserFactory(trainee=True)
    SupervisionAssignmentFactory(
        trainee=trainee, starts_on=timezone.localdate() - datetime.timedelta(days=60)
    )
    assert services.reminders_idle_trainees() == 1
    assert services.reminders_idle_trainees() == 0
    assert OutboxMessage.objects.get().recipient == trainee


def test_a_trainee_who_logged_recently_is_not_nudged(log):
    SupervisionAssignmentFactory(
        trainee=log.trainee, starts_on=timezone.localdate() - datetime.timedelta(days=60)
    )
    assert services.reminders_idle_trainees() == 0


def test_reminders_can_be_switched_off(submitted_log, settings):
    settings.ATTUNE_REVIEW_OVERDUE_DAYS = 0
    ProfileFactory(user=submitted_log.session.provider, reminders_enabled=False)
    trainee = UserFactory(trainee=True)
    ProfileFactory(user=trainee, reminders_enabled=False)
    SupervisionAssignmentFactory(
        trainee=trainee, starts_on=timezone.localdate() - datetime.timedelta(days=60)
    )
    before = OutboxMessage.objects.count()
    send_reminders()  # both are candidates; each batch skips them
    assert OutboxMessage.objects.count() == before


def test_the_nightly_reminders_fan_out_in_batches_that_cover_everyone(settings, monkeypatch):
    """Several workers share the night: one task per batch, every quiet trainee in exactly one."""
    from training.reflective_logs import tasks

    settings.ATTUNE_NIGHTLY_BATCH_SIZE = 2
    long_ago = timezone.localdate() - datetime.timedelta(days=60)
    quiet = [
        SupervisionAssignmentFactory(trainee=UserFactory(trainee=True), starts_on=long_ago).trainee
        for _ in range(5)
    ]
    batches = []
    # Each queued batch is run here, as a worker would run it (with a real broker in the
    # PostgreSQL leg, no worker consumes this test's queue).
    monkeypatch.setattr(
        tasks.send_idle_reminders,
        "delay",
        lambda ids, today: batches.append(ids) or tasks.send_idle_reminders(ids, today),
    )
    monkeypatch.setattr(
        tasks.send_overdue_reminders,
        "delay",
        lambda ids, now: tasks.send_overdue_reminders(ids, now),
    )
    queued = send_reminders()
    assert queued["idle_trainees"] == 3 == len(batches)
    assert sorted(i for batch in batches for i in batch) == sorted(t.pk for t in quiet)
    reminded = OutboxMessage.objects.filter(subject__startswith="Time to reflect")
    assert sorted(reminded.values_list("recipient", flat=True)) == sorted(t.pk for t in quiet)
    send_reminders()  # a rerun (or a batch redone after a lost worker) sends nothing twice
    assert reminded.count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no concurrent row locks")
@pytest.mark.django_db(transaction=True)
def test_two_sign_offs_at_once_make_one_sign_off_one_audit_event_one_email():
    log = ReflectiveLogFactory(state="submitted")
    supervisor = log.session.provider
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sign():
        try:
            barrier.wait()
            services.log_sign_off(log_id=log.pk, reviewer=supervisor, attested=True)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert SignOff.objects.filter(log=log).count() == 1
    assert LogAuditEvent.objects.filter(log_ref=log.pk, action=AuditAction.SIGNED_OFF).count() == 1
    assert OutboxMessage.objects.filter(dedupe_key=f"rlog-{log.pk}-signed").count() == 1
