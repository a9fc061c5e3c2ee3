import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CohortQuerySet":
        """Coordinators see their own cohorts; a site-wide admin sees all."""
        if user.is_superuser:
            return self
        return self.filter(coordinators=user)


class Cohort(models.Model):
    """A group of trainees who move through a training programme together."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_cohorts"
    )
    trainees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CohortMembership", related_name="cohorts"
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class CohortMembership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "trainee"], name="one_membership_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.trainee} in {self.cohort}"


def _token() -> str:
    return secrets.token_urlsafe(32)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        cutoff = timezone.now() - Invitation.VALID_FOR
        return self.filter(status=InvitationStatus.PENDING, created_at__gte=cutoff)


class Invitation(models.Model):
    """A single-use link asking someone to join a cohort: a new person creates an account, a
    person who already has one accepts or declines while signed in. Nobody joins without it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    VALID_FOR = timedelta(days=30)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "email"], name="one_invitation_per_cohort_email"
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.cohort} for {self.email}"

    @property
    def is_usable(self) -> bool:
        return (
            self.status == InvitationStatus.PENDING
            and timezone.now() - self.created_at <= self.VALID_FOR
        )
