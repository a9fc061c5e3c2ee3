from celery import shared_task

from training.core import sweeps

from .enums import ExportStatus
from .models import PacketExport, PortfolioExport


@shared_task
def build_portfolio(export_id: int) -> None:
    """Build a trainee's portfolio zip; harmless to run twice."""
    from . import services  # services queue these tasks: imported when run

    services.portfolio_build(export_id=export_id)


@shared_task
def build_packet(export_id: int) -> None:
    """Build a trainee's application packet zip; harmless to run twice. Never retried: a build
    that fails is marked failed and offered again on the page."""
    from . import packet  # packet queues this task: imported when run

    packet.packet_build(export_id=export_id)


@shared_task
def send_renewal_reminders() -> int:
    """Daily: remind people whose endorsement renewal is coming up."""
    from . import services  # services queue these tasks: imported when run

    return services.renewal_reminders_send()


@shared_task
def send_vetting_reminders() -> int:
    """Daily: remind coordinators of RSC providers' vetting about to lapse. Safe to rerun."""
    from . import services  # services queue these tasks: imported when run

    return services.vetting_reminders_send()


def _portfolios_waiting(cutoff):
    pending = PortfolioExport.objects.filter(status=ExportStatus.PENDING, created_at__lt=cutoff)
    return pending.values_list("pk", flat=True)


sweeps.register("portfolio", waiting=_portfolios_waiting, task=build_portfolio)


def _packets_waiting(cutoff):
    pending = PacketExport.objects.filter(status=ExportStatus.PENDING, created_at__lt=cutoff)
    return pending.values_list("pk", flat=True)


sweeps.register("packet", waiting=_packets_waiting, task=build_packet)
