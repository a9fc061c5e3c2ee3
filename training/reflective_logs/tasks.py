from celery import shared_task

from . import services


@shared_task
def send_reminders() -> dict:
    """Daily: overdue reviews remind supervisors; quiet trainees get a nudge. Safe to rerun."""
    return {
        "overdue_reviews": services.reminders_overdue_reviews(),
        "idle_trainees": services.reminders_idle_trainees(),
    }
