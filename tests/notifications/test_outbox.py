import pytest
from django.core import mail
from django.db import transaction

from training.notifications.enums import OutboxStatus
from training.notifications.models import OutboxMessage
from training.notifications.services import outbox_deliver, outbox_enqueue
from training.notifications.tasks import send_outbox_message, sweep_outbox

pytestmark = pytest.mark.django_db


def enqueue(**overrides):
    data = {
        "to_email": "a@example.org",
        "subject": "A log waits for you",
        "body": "Open it: /logs/1/",
    }
    data.update(overrides)
    return outbox_enqueue(**data)


def test_delivery_is_queued_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        message = enqueue()
    assert len(callbacks) == 1
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING
    assert message is not None


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enqueue()
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_the_task_sends_each_message_once_even_when_run_twice():
    message = enqueue()
    assert send_outbox_message(message.pk) is True
    assert send_outbox_message(message.pk) is False
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.sent_at is not None


def test_same_dedupe_key_makes_one_message():
    enqueue(dedupe_key="log-7-submitted-v1")
    assert enqueue(dedupe_key="log-7-submitted-v1") is None
    assert OutboxMessage.objects.count() == 1


def test_a_failed_send_is_counted_and_stays_pending(monkeypatch):
    message = enqueue()

    def broken_send(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    with pytest.raises(ConnectionError):
        outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING


def test_sweep_resends_what_is_still_pending(monkeypatch):
    message = enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=message.created_at.replace(year=2020)
    )
    queued = []
    monkeypatch.setattr(send_outbox_message, "delay", lambda pk: queued.append(pk))
    assert sweep_outbox() == 1
    assert queued == [message.pk]


def test_each_email_names_its_outbox_row(mailoutbox):
    message = enqueue()
    outbox_deliver(message_id=message.pk)
    assert [m.extra_headers["X-Attune-Outbox"] for m in mailoutbox] == [str(message.pk)]
