"""Queue background work after commit without letting a broker outage fail the request.

The rows that say what is to be done (a pending export, a certificate without its PDF, an
outbox message) are committed with the request; if the broker cannot take the task, the
request still succeeds and `training.core.tasks.sweep_unqueued_work` queues it later.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> bool:
    """`task.delay(*args)` now; False (logged) when the broker cannot be reached."""
    if task.app.conf.task_always_eager:
        # In-process tasks: their own errors are real errors, let them show.
        task.delay(*args)
        return True
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - any failure to publish: the sweep queues it again
        logger.warning("Broker unavailable; %s%r waits for the sweep", task.name, args)
        return False
    return True


def enqueue_after_commit(task, *args) -> None:
    """Queue `task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args))
