from datetime import timedelta

from celery import shared_task

from .queue import enqueue
from .sweeps import sweeps, unqueued_work


@shared_task
def sweep_unqueued_work(older_than_seconds: int | None = None) -> int:
    """Queue again the work whose task never reached the broker (it was down at the time).

    Each task does nothing when its work is already done, so a second copy is harmless.
    """
    queued = 0
    registered = sweeps()
    kwargs = (
        {} if older_than_seconds is None else {"older_than": timedelta(seconds=older_than_seconds)}
    )
    for kind, ids in unqueued_work(**kwargs).items():
        for pk in ids:
            queued += enqueue(registered[kind].task, pk)
    return queued
