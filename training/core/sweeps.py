"""What is waiting for a background task that may never have been queued."""

from datetime import timedelta

from django.utils import timezone

# Work younger than this is probably still in the queue.
GRACE = timedelta(minutes=2)


def unqueued_work(*, older_than: timedelta = GRACE) -> dict[str, list[int]]:
    from training.competencies.enums import ExportStatus as PortfolioStatus
    from training.competencies.models import PortfolioExport
    from training.courses.models import Certificate
    from training.privacy.enums import ExportStatus
    from training.privacy.models import DataExport

    cutoff = timezone.now() - older_than
    return {
        "data_export": list(
            DataExport.objects.filter(
                status=ExportStatus.PENDING, created_at__lt=cutoff
            ).values_list("pk", flat=True)
        ),
        "portfolio": list(
            PortfolioExport.objects.filter(
                status=PortfolioStatus.PENDING, created_at__lt=cutoff
            ).values_list("pk", flat=True)
        ),
        "certificate": list(
            Certificate.objects.filter(pdf="", created_at__lt=cutoff).values_list("pk", flat=True)
        ),
    }
