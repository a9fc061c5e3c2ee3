from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=services.MAX_ATTEMPTS, acks_late=True)
def send_outbox_message(self, message_id: int) -> bool:
    """Send one outbox message; retried with exponential back-off, harmless to run twice."""
    try:
        return services.outbox_deliver(message_id=message_id)
    except Exception as exc:
        services.outbox_record_failure(message_id=message_id, error=repr(exc))
        raise self.retry(exc=exc, countdown=min(2**self.request.retries * 30, 3600)) from exc


@shared_task
def sweep_outbox() -> int:
    """Queue again every message that is still pending (a lost broker message, a crash)."""
    from training.core.queue import enqueue

    ids = services.outbox_pending_ids()
    return sum(enqueue(send_outbox_message, message_id) for message_id in ids)
