from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from training.users.enums import Degree

from .enums import AgeGroup, Track


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
        "category (as may a provider the association vetted for this category).",
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
    renewal_rsc_ends_after_years = models.PositiveSmallIntegerField(
        "renewal RSC ends after (years)",
        null=True,
        blank=True,
        help_text="Renewal stops asking for RSC once the endorsement has been held this many "
        "years (Mentor-Clinical: 3). Empty: it never stops.",
    )
    renewal_rsc_training_hours = models.DecimalField(
        "renewal training hours about RSC, for those who provide RSC",
        max_digits=6,
        decimal_places=2,
        default=Decimal(3),
        help_text="Of the renewal training hours, how many must be about RSC when the endorsee "
        "provides RSC themselves.",
    )
    renewal_provider_categories = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name="renewal RSC providers when the endorsee provides RSC",
        help_text="When the endorsee provides RSC, their renewal RSC must come from one of these "
        "instead of the qualifying categories (IMHS: IMHM-C). Empty: the qualifying ones.",
    )
    master_prepared_peers_qualify = models.BooleanField(
        "a master's-prepared holder may provide RSC to a bachelor's-prepared applicant",
        default=False,
        help_text="IFS: a provider holding this category counts for an applicant with a "
        "bachelor's degree when the provider has a master's or higher.",
    )
    offers_emerging_status = models.BooleanField(
        "has an Emerging status",
        default=False,
        help_text="I/ECFRS: a person completing this category may provide counting RSC for a "
        "recorded period, as if they held it.",
    )

    # What the application asks beyond hours.
    education_level = models.CharField(
        "lowest degree accepted",
        max_length=20,
        choices=Degree.choices,
        blank=True,
        help_text="Empty or 'No degree' when the category asks for no degree.",
    )
    education_related_field = models.BooleanField(
        "the degree must be in a related field", default=False
    )
    paid_work_years_instead_of_degree = models.DecimalField(
        "years of paid work accepted instead of a degree",
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        help_text="IFA/ECFA: paid work with the category's age group instead of the degree. "
        "Zero: not accepted.",
    )
    work_years = models.DecimalField(
        "years of specialised work", max_digits=4, decimal_places=1, default=Decimal(0)
    )
    work_paid = models.BooleanField("the work must be paid", default=False)
    work_post_degree = models.BooleanField("the work must follow the degree", default=False)
    work_supervised = models.BooleanField("the work must be supervised", default=False)
    work_min_families = models.PositiveSmallIntegerField("families served, at least", default=0)
    work_age_group = models.CharField(
        "age group served",
        max_length=4,
        choices=AgeGroup.choices,
        blank=True,
        help_text="Work counts only with children of this age group. Empty: any.",
    )
    leadership_years = models.DecimalField(
        "years of leadership", max_digits=4, decimal_places=1, default=Decimal(0)
    )
    rsc_providing_years = models.DecimalField(
        "years providing RSC", max_digits=4, decimal_places=1, default=Decimal(0)
    )
    references_needed = models.PositiveSmallIntegerField("reference ratings", default=3)
    reference_needs_current_supervisor = models.BooleanField(
        "one rater is the current supervisor", default=True
    )
    reference_needs_rsc_provider = models.BooleanField(
        "one rater is the RSC provider", default=False
    )
    reference_needs_supervisee = models.BooleanField(
        "one rater receives RSC from the applicant", default=False
    )
    reference_endorsed_rater_categories = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name="one rater endorsed in one of these (or vetted)",
        help_text="Empty: no rater needs to be endorsed.",
    )
    agreements_required = models.BooleanField(
        "Code of Ethics and Endorsement Agreement signed", default=True
    )
    membership_required = models.BooleanField("association membership", default=True)

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
        FieldPanel("renewal_rsc_ends_after_years"),
        FieldPanel("renewal_rsc_training_hours"),
        FieldPanel("renewal_provider_categories"),
        FieldPanel("master_prepared_peers_qualify"),
        FieldPanel("offers_emerging_status"),
        MultiFieldPanel(
            [
                FieldPanel("education_level"),
                FieldPanel("education_related_field"),
                FieldPanel("paid_work_years_instead_of_degree"),
            ],
            heading="Education",
        ),
        MultiFieldPanel(
            [
                FieldPanel("work_years"),
                FieldPanel("work_paid"),
                FieldPanel("work_post_degree"),
                FieldPanel("work_supervised"),
                FieldPanel("work_min_families"),
                FieldPanel("work_age_group"),
                FieldPanel("leadership_years"),
                FieldPanel("rsc_providing_years"),
            ],
            heading="Specialised work experience",
        ),
        MultiFieldPanel(
            [
                FieldPanel("references_needed"),
                FieldPanel("reference_needs_current_supervisor"),
                FieldPanel("reference_needs_rsc_provider"),
                FieldPanel("reference_needs_supervisee"),
                FieldPanel("reference_endorsed_rater_categories"),
            ],
            heading="Reference ratings",
        ),
        MultiFieldPanel(
            [FieldPanel("agreements_required"), FieldPanel("membership_required")],
            heading="Agreements and membership",
        ),
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
    """Why a supervisor may provide RSC that counts, until an expiry date: a category they hold,
    the association's vetting for one category, or an Emerging status in a category that has
    one."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_qualifications"
    )
    category = models.ForeignKey(
        EndorsementCategory,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The endorsement the provider holds; when vetted, the category the association "
        "vetted them to provide RSC for; when Emerging, the category they are completing.",
    )
    vetted_by_association = models.BooleanField(
        default=False,
        help_text="The association vetted this provider to provide RSC for the category above "
        "only (not for the categories it qualifies).",
    )
    emerging = models.BooleanField(
        default=False,
        help_text="Emerging status: provides counting RSC while completing the category above, "
        "from the start to the expiry (both needed).",
    )
    starts_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["supervisor__last_name", "supervisor__first_name", "-expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(vetted_by_association=True) & models.Q(emerging=True)),
                name="qualification_one_basis",
            ),
            models.CheckConstraint(
                condition=models.Q(emerging=False)
                | (models.Q(starts_on__isnull=False) & models.Q(expires_on__isnull=False)),
                name="emerging_has_a_period",
            ),
        ]

    def __str__(self) -> str:
        if self.vetted_by_association:
            return f"{self.supervisor}: vetted for {self.category.code}"
        if self.emerging:
            return f"{self.supervisor}: {self.category.code} (Emerging)"
        return f"{self.supervisor}: {self.category.code}"

    @property
    def basis(self) -> str:
        """How registry pages name this qualification."""
        if self.vetted_by_association:
            return f"vetted for {self.category.code}"
        if self.emerging:
            return f"{self.category.code} (Emerging)"
        return self.category.code

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.vetted_by_association and self.emerging:
            errors["emerging"] = "A qualification is either vetted or Emerging, not both."
        if self.emerging:
            if self.category_id and not self.category.offers_emerging_status:
                errors["category"] = "This category has no Emerging status."
            if not self.starts_on:
                errors["starts_on"] = "An Emerging status needs its start date."
            if not self.expires_on:
                errors["expires_on"] = "An Emerging status needs its end date."
        if self.starts_on and self.expires_on and self.expires_on < self.starts_on:
            errors.setdefault("expires_on", "The expiry must be after the start.")
        if errors:
            raise ValidationError(errors)
