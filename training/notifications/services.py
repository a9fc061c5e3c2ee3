"""The outbox: record a message with the change, send it after commit, at most once."""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from training.core.queue import enqueue

from .enums import OutboxStatus
from .models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Every email carries the id of its outbox row, so a message sent twice can be traced.
OUTBOX_HEADER = "X-Attune-Outbox"


def _queue_delivery(message_id: int) -> None:

    from .tasks import send_outbox_message

    # The broker may be down: the message stays pending and the sweep resends it.
    enqueue(send_outbox_message, message_id)


def outbox_enqueue(
    *, to_email: str, subject: str, body: str, recipient=None, dedupe_key: str | None = None
) -> OutboxMessage | None:
    """Write a message in the caller's transaction and queue its delivery after commit.

    Returns None when a message with the same `dedupe_key` already exists.
    """
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                recipient=recipient,
                to_email=to_email,
                subject=subject,
                body=body,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: _queue_delivery(message.pk))
    return message


def outbox_deliver(*, message_id: int) -> bool:
    """Send one pending message; True when this call sent it.

    The row is locked while sending so two workers cannot both send it.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.PENDING)
            .first()
        )
        if message is None:
            return False
        EmailMessage(
            message.subject,
            message.body,
            to=[message.to_email],
            headers={OUTBOX_HEADER: str(message.pk)},
        ).send()
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
        message.attempts += 1
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    return True


def outbox_record_failure(*, message_id: int, error: str) -> None:
    """Count a failed attempt; give up after MAX_ATTEMPTS."""
    message = OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).first()
    if message is None:
        return
    message.attempts += 1
    message.last_error = error[:500]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    message.save(update_fields=["attempts", "last_error", "status"])


def outbox_pending_ids(*, older_than: timedelta = timedelta(minutes=2)) -> list[int]:
    """Messages still pending after a grace period, for the sweep to queue again."""
    cutoff = timezone.now() - older_than
    return list(
        OutboxMessage.objects.pending().filter(created_at__lt=cutoff).values_list("pk", flat=True)
    )
