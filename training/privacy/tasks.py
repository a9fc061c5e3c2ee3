from celery import shared_task

from . import services


@shared_task
def build_data_export(export_id: int) -> None:
    """Build a person's data archive; harmless to run twice."""
    services.data_export_build(export_id=export_id)


@shared_task
def purge_expired_data() -> dict:
    """Daily: delete what is past its retention period."""
    return services.retention_purge()
