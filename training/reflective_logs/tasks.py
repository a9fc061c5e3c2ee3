from celery import shared_task

from . import services


@shared_task
def send_reminders() -> dict:
    """Daily: overdue reviews remind supervisors; quiet trainees get a nudge. Safe to rerun."""
    return {
        "overdue_reviews": services.reminders_overdue_reviews(),
        "idle_trainees": services.reminders_idle_trainees(),
    }


@shared_task
def write_ledger_digest() -> dict | None:
    """Daily: keep the sign-off chain's head in storage and email it to coordinators.

    A day's digest is written once and never overwritten; a rerun the same day does nothing.
    """
    from .ledger import ledger_write_digest

    return ledger_write_digest()
