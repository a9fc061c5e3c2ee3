import datetime

from celery import shared_task
from django.utils import timezone

from training.core.batches import fan_out

from . import services


@shared_task
def send_reminders() -> dict:
    """Daily: overdue reviews remind supervisors; quiet trainees get a nudge. Safe to rerun.

    Fanned out: one task per batch of logs or trainees, so several workers share the work.
    Returns how many batches of each were queued."""
    now = timezone.now()
    return {
        "overdue_reviews": fan_out(
            send_overdue_reminders, services.overdue_log_ids(now=now), now.isoformat()
        ),
        "idle_trainees": fan_out(
            send_idle_reminders,
            services.idle_trainee_ids(today=timezone.localdate(now)),
            timezone.localdate(now).isoformat(),
        ),
    }


@shared_task
def send_overdue_reminders(log_ids: list[int], now: str) -> int:
    return services.reminders_overdue_reviews(
        now=datetime.datetime.fromisoformat(now), log_ids=log_ids
    )


@shared_task
def send_idle_reminders(trainee_ids: list[int], today: str) -> int:
    return services.reminders_idle_trainees(
        today=datetime.date.fromisoformat(today), trainee_ids=trainee_ids
    )


@shared_task
def write_ledger_digest() -> dict | None:
    """Daily: keep the sign-off chain's head in storage and email it to coordinators.

    A day's digest is written once and never overwritten; a rerun the same day does nothing.
    """
    from .ledger import ledger_write_digest

    return ledger_write_digest()
