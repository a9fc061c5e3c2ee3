"""The worker reconnects to its broker forever and sweeps on each connection; web processes
still give up publishing quickly (the outbox and the sweeps resend)."""

import datetime

import pytest
from celery.app.utils import Settings
from django.utils import timezone

from training.celery import SweepOnConnect, app, worker_waits_for_its_broker
from training.notifications.models import OutboxMessage
from training.notifications.tasks import send_outbox_message, sweep_outbox


def test_publishing_from_a_request_gives_up_quickly():
    assert app.conf.broker_transport_options["max_retries"] == 1


def test_the_worker_never_stops_reconnecting():
    conf = Settings({}, [dict(app.conf)])
    conf.broker_transport_options = dict(app.conf.broker_transport_options)
    conf.broker_connection_max_retries = 100
    worker_waits_for_its_broker(conf=conf)
    assert "max_retries" not in conf.broker_transport_options
    assert conf.broker_connection_max_retries is None
    assert conf.broker_connection_retry is True
    assert conf.broker_connection_retry_on_startup is True


def test_the_worker_sweeps_each_time_it_connects():
    assert SweepOnConnect in app.steps["consumer"]


@pytest.mark.django_db
def test_the_sweep_on_connect_queues_even_fresh_pending_messages(monkeypatch):
    fresh = OutboxMessage.objects.create(to_email="a@example.org", subject="s", body="b")
    old = OutboxMessage.objects.create(to_email="b@example.org", subject="s", body="b")
    OutboxMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    queued: list[int] = []
    monkeypatch.setattr(send_outbox_message, "delay", lambda pk: queued.append(pk))
    assert sweep_outbox() == 1  # beat: past the grace period only
    assert queued == [old.pk]
    queued.clear()
    assert sweep_outbox(older_than_seconds=0) == 2  # after (re)connecting: everything
    assert sorted(queued) == sorted([fresh.pk, old.pk])
