"""Training records: hours of specialised training a trainee has earned, and their verification."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from training.competencies.models import Competency
from training.core.files import private_storage

from .enums import EvidenceKind, TrainingSource, VerificationStatus


def certificate_path(instance, filename: str) -> str:
    """A random name: the trainee's file name never reaches the disk or a URL."""
    import uuid
    from pathlib import PurePosixPath

    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"certificates/{uuid.uuid4().hex}{suffix}"


class TrainingRecordQuerySet(models.QuerySet):
    def verified(self) -> "TrainingRecordQuerySet":
        return self.filter(verified=True)

    def pending(self) -> "TrainingRecordQuerySet":
        return self.filter(verified=False, rejected_at__isnull=True)

    def for_trainee(self, user) -> "TrainingRecordQuerySet":
        return self.filter(trainee=user)


class TrainingRecord(models.Model):
    """Hours of specialised training a trainee has earned, from a course or elsewhere."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_records"
    )
    title = models.CharField(max_length=255)
    source = models.CharField(max_length=10, choices=TrainingSource.choices)
    # Identifies what earned the hours ("course:42"), so one course credits a trainee once.
    source_key = models.CharField(max_length=100, blank=True)
    evidence_kind = models.CharField(
        max_length=12, choices=EvidenceKind.choices, default=EvidenceKind.SERIES
    )
    hours = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    completed_on = models.DateField()
    competencies = models.ManyToManyField(Competency, blank=True, related_name="training_records")
    dei = models.BooleanField("about diversity, equity and inclusion", default=False)
    about_rsc = models.BooleanField("about providing reflective supervision", default=False)
    verified = models.BooleanField(default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # External training: who ran it, when it began, and the trainee's certificate.
    sponsor = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    certificate = models.FileField(
        storage=private_storage, upload_to=certificate_path, blank=True, max_length=200
    )
    certificate_content_type = models.CharField(max_length=50, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "source_key"],
                condition=~models.Q(source_key=""),
                name="one_record_per_source",
            )
        ]
        indexes = [
            models.Index(fields=["trainee", "completed_on"], name="records_trainee_completed")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.hours} h)"

    @property
    def status(self) -> str:
        if self.verified:
            return VerificationStatus.VERIFIED
        if self.rejected_at:
            return VerificationStatus.REJECTED
        return VerificationStatus.PENDING

    def get_status_display(self) -> str:
        return VerificationStatus(self.status).label
