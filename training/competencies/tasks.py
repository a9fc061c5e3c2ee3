from celery import shared_task

from . import services


@shared_task
def send_vetting_reminders() -> int:
    """Daily: remind coordinators of RSC providers' vetting about to lapse. Safe to rerun."""
    return services.vetting_reminders_send()
