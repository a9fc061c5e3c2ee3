"""An applicant's records for an endorsement application (education, work, membership,
agreements, the exam), and the application itself as it moves through review.

Plain Django models: people's records, never Wagtail snippets. Only the agreement texts, which
coordinators publish, are snippets.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin

from training.competencies.enums import AgeGroup
from training.competencies.models import EndorsementCategory
from training.core.files import private_storage
from training.users.enums import Degree

from .enums import CLOSED_STATUSES, AgreementKind, ApplicationStatus, VerificationStatus


def transcript_path(instance, filename: str) -> str:
    """A random name: the applicant's file name never reaches the disk or a URL."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"transcripts/{uuid.uuid4().hex}{suffix}"


class VerifiedRecordQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(verified=False, rejected_at__isnull=True)


class VerifiedRecord(models.Model):
    """A record the applicant writes and a coordinator verifies (or returns with a reason)."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    verified = models.BooleanField(default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VerifiedRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def status(self) -> str:
        if self.verified:
            return VerificationStatus.VERIFIED
        if self.rejected_at:
            return VerificationStatus.REJECTED
        return VerificationStatus.PENDING

    def get_status_display(self) -> str:
        return VerificationStatus(self.status).label


class Education(VerifiedRecord):
    """A degree or credential, with the transcript as evidence."""

    level = models.CharField(max_length=20, choices=Degree.choices)
    field = models.CharField("field of study", max_length=200)
    related_field = models.BooleanField(
        "in a field related to infants, young children and families", default=False
    )
    institution = models.CharField(max_length=200)
    completed_on = models.DateField("completed on")
    transcript = models.FileField(
        storage=private_storage, upload_to=transcript_path, blank=True, max_length=200
    )
    transcript_content_type = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        verbose_name_plural = "education"

    def __str__(self) -> str:
        return f"{self.get_level_display()}, {self.field} ({self.institution})"


class WorkExperience(VerifiedRecord):
    """A position the applicant held, described as the application asks."""

    position = models.CharField(max_length=200)
    employer = models.CharField(max_length=200)
    starts_on = models.DateField("started on")
    ends_on = models.DateField("ended on", null=True, blank=True, help_text="Empty while current.")
    hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(80))],
    )
    paid = models.BooleanField(default=True, help_text="Untick for volunteer work.")
    post_degree = models.BooleanField("after my qualifying degree", default=False)
    supervised = models.BooleanField("supervised", default=False)
    families_served = models.PositiveIntegerField(default=0)
    age_group = models.CharField(max_length=4, choices=AgeGroup.choices)
    leadership = models.BooleanField("a leadership role", default=False)
    providing_rsc = models.BooleanField(
        "providing reflective supervision/consultation", default=False
    )
    duties = models.TextField()
    supervisor_name = models.CharField("direct supervisor's name", max_length=200)
    supervisor_email = models.EmailField("direct supervisor's email")

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name_plural = "work experience"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="work_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}, {self.employer}"


# What the applicant writes about a position (her form and the service take these).
WORK_FIELDS = (
    "position",
    "employer",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "paid",
    "post_degree",
    "supervised",
    "families_served",
    "age_group",
    "leadership",
    "providing_rsc",
    "duties",
    "supervisor_name",
    "supervisor_email",
)


class Membership(VerifiedRecord):
    """Membership of an infant mental health association."""

    association = models.CharField(max_length=200)
    number = models.CharField("membership number", max_length=50)
    expires_on = models.DateField("expires on")

    class Meta:
        ordering = ["-expires_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.association} ({self.number})"


class AgreementText(RevisionMixin, models.Model):
    """One published version of the Code of Ethics or the Endorsement Agreement. The newest
    version published on or before a day is the one in force."""

    kind = models.CharField(max_length=30, choices=AgreementKind.choices)
    version = models.CharField(max_length=30, help_text="e.g. 2026.1")
    title = models.CharField(max_length=200)
    body = models.TextField()
    published_on = models.DateField()

    panels = [
        FieldPanel("kind"),
        FieldPanel("version"),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("published_on"),
    ]

    class Meta:
        ordering = ["kind", "-published_on"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="one_agreement_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"


class AgreementAcceptance(models.Model):
    """The applicant accepted one version of an agreement at a moment: a record, never edited."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = models.ForeignKey(AgreementText, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField()

    class Meta:
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.text} accepted"


class ExamResult(models.Model):
    """An exam sitting, recorded by a coordinator."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(EndorsementCategory, on_delete=models.PROTECT, related_name="+")
    taken_on = models.DateField()
    passed = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.category.code} exam {'passed' if self.passed else 'not passed'}"


class Application(models.Model):
    """An endorsement application as a coordinator moves it through review."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsement_applications"
    )
    category = models.ForeignKey(EndorsementCategory, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.PREPARING
    )
    submitted_on = models.DateField(null=True, blank=True)
    endorsed_on = models.DateField(null=True, blank=True)
    endorsement_number = models.CharField(max_length=50, blank=True)
    renewal_due_on = models.DateField("next renewal", null=True, blank=True)
    returned_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee"],
                # Sorted: a set's order changes between runs, and the migration must not.
                condition=~Q(status__in=sorted(s.value for s in CLOSED_STATUSES)),
                name="one_open_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category.code} application ({self.get_status_display()})"


class ApplicationEvent(models.Model):
    """One change of an application's status: who, when, from what to what, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"
