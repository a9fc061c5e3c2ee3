import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .enums import AssignmentKind, Degree, Discipline, Role
from .managers import UserManager


class User(AbstractUser):
    """A person using Attune. They sign in with their email address."""

    username = None
    email = models.EmailField("email address", unique=True)
    is_demo = models.BooleanField(
        default=False,
        help_text="Made by seed_demo. Demo staff may skip MFA, but only while DEBUG is on.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_from(self.first_name, self.last_name, self.email)

    @staticmethod
    def name_from(first_name: str, last_name: str, email: str) -> str:
        """How a person is named on every page, from values read without the whole row."""
        return f"{first_name} {last_name}".strip() or email


class Profile(models.Model):
    """What a person tells Attune about their work and the endorsement they aim at."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    discipline = models.CharField(max_length=40, choices=Discipline.choices, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    target_category = models.ForeignKey(
        "competencies.EndorsementCategory",
        verbose_name="target endorsement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endorsement_held = models.ForeignKey(
        "competencies.EndorsementCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endorsed_on = models.DateField(
        "endorsed on", null=True, blank=True, help_text="When the endorsement held was granted."
    )
    reminders_enabled = models.BooleanField(
        default=True, help_text="Email reminders about logs waiting or not yet written."
    )
    degree = models.CharField(
        "highest degree",
        max_length=20,
        choices=Degree.choices,
        blank=True,
        help_text="Some RSC rules depend on it, e.g. who may provide RSC to an IFS applicant.",
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class SupervisionAssignmentQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "SupervisionAssignmentQuerySet":
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def current(self) -> "SupervisionAssignmentQuerySet":
        return self.active_on(timezone.localdate())


class SupervisionAssignment(models.Model):
    """A coordinator's pairing of a trainee with a supervisor (RSC provider) for a period."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisee_assignments"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisor_assignments"
    )
    kind = models.CharField(
        max_length=12, choices=AssignmentKind.choices, default=AssignmentKind.INDIVIDUAL
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True, help_text="Leave empty while it continues.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupervisionAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("trainee")), name="assignment_not_self"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["supervisor", "trainee", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.trainee}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    def clean(self) -> None:
        from .permissions import user_has_role

        errors = {}
        if self.supervisor_id and self.trainee_id and self.supervisor_id == self.trainee_id:
            errors["trainee"] = "A person cannot supervise themselves."
        if self.supervisor_id and not user_has_role(self.supervisor, Role.SUPERVISOR):
            errors["supervisor"] = "This person does not hold the supervisor role."
        if self.trainee_id and not user_has_role(self.trainee, Role.TRAINEE):
            errors["trainee"] = "This person does not hold the trainee role."
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be on or after the start date."
        if not errors and self.supervisor_id and self.trainee_id and self.starts_on:
            overlapping = SupervisionAssignment.objects.filter(
                supervisor_id=self.supervisor_id, trainee_id=self.trainee_id
            ).exclude(pk=self.pk)
            overlapping = overlapping.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on)
            )
            if self.ends_on:
                overlapping = overlapping.filter(starts_on__lte=self.ends_on)
            if overlapping.exists():
                errors["starts_on"] = "These two are already paired for part of this period."
        if errors:
            raise ValidationError(errors)
