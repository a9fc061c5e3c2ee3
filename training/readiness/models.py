from django.conf import settings
from django.db import models

from training.competencies.models import EndorsementCategory
from training.core.files import private_storage

from .enums import ExportStatus


class PortfolioExport(models.Model):
    """A trainee's portfolio (PDF and CSV in one zip), made by a Celery task."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio_exports"
    )
    category = models.ForeignKey(
        EndorsementCategory, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file = models.FileField(storage=private_storage, upload_to="portfolios/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Portfolio of {self.trainee} ({self.get_status_display()})"


class PacketExport(models.Model):
    """A trainee's application packet (a PDF in the association's order, CSV files and the
    transcripts in one zip), made by a Celery task. The trainee and the coordinators of her
    cohorts download the same file."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="packet_exports"
    )
    category = models.ForeignKey(
        EndorsementCategory, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who asked for it: the trainee, or a coordinator of her cohort asking for a fresh one.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file = models.FileField(storage=private_storage, upload_to="packets/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Application packet of {self.trainee} ({self.get_status_display()})"
