from celery import shared_task

from . import services


@shared_task
def send_rater_reminders() -> int:
    """Daily: remind raters once, a few days before their link closes. Safe to rerun."""
    return services.rater_reminders_send()
