from celery import shared_task

from training.core import sweeps

from . import services


@shared_task
def build_data_export(export_id: int) -> None:
    """Build a person's data archive; harmless to run twice."""
    services.data_export_build(export_id=export_id)


@shared_task
def purge_expired_data() -> dict:
    """Daily: delete what is past its retention period."""
    return services.retention_purge()


def _exports_waiting(cutoff):
    from .enums import ExportStatus
    from .models import DataExport

    pending = DataExport.objects.filter(status=ExportStatus.PENDING, created_at__lt=cutoff)
    return pending.values_list("pk", flat=True)


sweeps.register("data_export", waiting=_exports_waiting, task=build_data_export)
