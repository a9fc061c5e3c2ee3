from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from .enums import EvidenceKind, TrainingSource


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


class TrainingRecordQuerySet(models.QuerySet):
    def verified(self) -> "TrainingRecordQuerySet":
        return self.filter(verified=True)

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
