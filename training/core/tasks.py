from datetime import timedelta

from celery import shared_task

from .queue import enqueue


@shared_task
def sweep_unqueued_work(older_than_seconds: int | None = None) -> int:
    """Queue again the work whose task never reached the broker (it was down at the time).

    Each task does nothing when its work is already done, so a second copy is harmless.
    """
    from training.competencies.tasks import build_portfolio
    from training.courses.tasks import render_certificate
    from training.privacy.tasks import build_data_export

    from .sweeps import unqueued_work

    queued = 0
    tasks = {
        "data_export": build_data_export,
        "portfolio": build_portfolio,
        "certificate": render_certificate,
    }
    kwargs = (
        {} if older_than_seconds is None else {"older_than": timedelta(seconds=older_than_seconds)}
    )
    for kind, ids in unqueued_work(**kwargs).items():
        for pk in ids:
            queued += enqueue(tasks[kind], pk)
    return queued
