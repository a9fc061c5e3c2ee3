from celery import shared_task

from . import services


@shared_task
def build_portfolio(export_id: int) -> None:
    """Build a trainee's portfolio zip; harmless to run twice."""
    services.portfolio_build(export_id=export_id)


@shared_task
def send_renewal_reminders() -> int:
    """Daily: remind people whose endorsement renewal is coming up."""
    return services.renewal_reminders_send()


@shared_task
def send_vetting_reminders() -> int:
    """Daily: remind coordinators of RSC providers' vetting about to lapse. Safe to rerun."""
    return services.vetting_reminders_send()
