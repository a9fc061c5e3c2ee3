from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from training.core.files import private_storage

from .enums import EvidenceKind, ExportStatus, Track, TrainingSource, VerificationStatus


class CompetencyFramework(RevisionMixin, index.Indexed, models.Model):
    """A published set of competency domains, such as the IECMH competency guidelines."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Domain(RevisionMixin, index.Indexed, models.Model):
    """A competency domain, e.g. Theoretical Foundations or Reflection."""

    framework = models.ForeignKey(
        CompetencyFramework, on_delete=models.CASCADE, related_name="domains"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    mentor_level = models.BooleanField(
        default=False, help_text="Only expected at the mentor level of endorsement."
    )

    panels = [
        FieldPanel("framework"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("mentor_level"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["framework", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="unique_domain_name")
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyQuerySet(models.QuerySet):
    def in_order(self) -> "CompetencyQuerySet":
        return self.select_related("domain").order_by("domain__sort_order", "sort_order", "name")


class Competency(RevisionMixin, index.Indexed, models.Model):
    """A knowledge or skill area within a domain, e.g. "Cultural competence"."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="competencies")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = CompetencyQuerySet.as_manager()

    panels = [
        FieldPanel("domain"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.RelatedFields("domain", [index.SearchField("name")]),
    ]

    class Meta:
        ordering = ["domain__sort_order", "sort_order", "name"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["domain", "name"], name="unique_competency_name")
        ]

    def __str__(self) -> str:
        return f"{self.domain.name}: {self.name}"


class EndorsementCategory(RevisionMixin, index.Indexed, models.Model):
    """An endorsement category and what it asks of an applicant, as data coordinators edit."""

    code = models.CharField(max_length=12, unique=True, help_text="Short code, e.g. IMHS.")
    name = models.CharField(max_length=200)
    track = models.CharField(max_length=20, choices=Track.choices, default=Track.INFANT)
    sort_order = models.PositiveSmallIntegerField(default=0)
    training_hours = models.DecimalField(
        "training hours",
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        help_text="All specialised training hours, including those below.",
    )
    dei_hours = models.DecimalField(
        "DEI training hours", max_digits=6, decimal_places=2, default=Decimal(0)
    )
    rsc_training_hours = models.DecimalField(
        "training hours about providing RSC", max_digits=6, decimal_places=2, default=Decimal(0)
    )
    rsc_hours = models.DecimalField(
        "RSC hours received", max_digits=6, decimal_places=2, default=Decimal(0)
    )
    rsc_window_months = models.PositiveSmallIntegerField(
        "RSC window (months)",
        default=24,
        validators=[MinValueValidator(1)],
        help_text="RSC counts only when held within this many months before the day assessed.",
    )
    rsc_about_providing_hours = models.DecimalField(
        "RSC hours about the RSC one provides",
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
    )
    exam_required = models.BooleanField(default=False)
    qualifying_categories = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text="A provider endorsed in one of these may provide RSC that counts for this "
        "category (as may a provider the association has vetted).",
    )
    renewal_training_hours = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal(15)
    )
    renewal_dei_hours = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(1))
    renewal_rsc_hours = models.DecimalField(
        "renewal RSC hours",
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        help_text="RSC hours needed each year to renew; zero when renewal asks none.",
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("track"),
        FieldPanel("sort_order"),
        FieldPanel("training_hours"),
        FieldPanel("dei_hours"),
        FieldPanel("rsc_training_hours"),
        FieldPanel("rsc_hours"),
        FieldPanel("rsc_window_months"),
        FieldPanel("rsc_about_providing_hours"),
        FieldPanel("exam_required"),
        FieldPanel("qualifying_categories"),
        FieldPanel("renewal_training_hours"),
        FieldPanel("renewal_dei_hours"),
        FieldPanel("renewal_rsc_hours"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "endorsement categories"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ProviderQualificationQuerySet(models.QuerySet):
    def valid_on(self, day) -> "ProviderQualificationQuerySet":
        return self.filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day))


class ProviderQualification(models.Model):
    """Why a supervisor may provide RSC that counts: a category they hold, or the association's
    vetting, until an expiry date."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_qualifications"
    )
    category = models.ForeignKey(
        EndorsementCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The endorsement the provider holds. Leave empty when vetted instead.",
    )
    vetted_by_association = models.BooleanField(
        default=False, help_text="The association has vetted this provider for any category."
    )
    starts_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProviderQualificationQuerySet.as_manager()

    class Meta:
        ordering = ["supervisor__last_name", "supervisor__first_name", "-expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__isnull=False) | models.Q(vetted_by_association=True),
                name="qualification_has_a_basis",
            )
        ]

    def __str__(self) -> str:
        basis = self.category.code if self.category_id else "vetted by the association"
        return f"{self.supervisor}: {basis}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not self.category_id and not self.vetted_by_association:
            raise ValidationError("Choose the category held, or tick vetted by the association.")
        if self.starts_on and self.expires_on and self.expires_on < self.starts_on:
            raise ValidationError({"expires_on": "The expiry must be after the start."})


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
        indexes = [models.Index(fields=["trainee", "completed_on"])]

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
