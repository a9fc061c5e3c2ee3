from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from .enums import Track


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
