from celery import shared_task

from training.core.queue import enqueue

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
def sweep_outbox(older_than_seconds: int | None = None) -> int:
    """Queue again every message that is still pending (a lost broker message, a crash).

    Beat runs it with the default grace period; the worker, right after (re)connecting to its
    broker, with none.
    """
    from datetime import timedelta

    if older_than_seconds is None:
        ids = services.outbox_pending_ids()
    else:
        ids = services.outbox_pending_ids(older_than=timedelta(seconds=older_than_seconds))
    return sum(enqueue(send_outbox_message, message_id) for message_id in ids)
