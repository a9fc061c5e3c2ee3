"""Reference ratings: the applicant invites a rater by email; the rater answers through a
single-use, expiring link, with no account. Only a hash of the link's token is stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from training.competencies.enums import RaterRole
from training.competencies.models import EndorsementCategory

from .ratings import nei_count


class ReferenceStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the rater"
    COMPLETED = "completed", "Completed"
    EXPIRED = "expired", "Link expired"
    REVOKED = "revoked", "Withdrawn"


class ReferenceRequest(models.Model):
    """One rater asked to rate one applicant, and (once they answer) their rating."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reference_requests"
    )
    rater_name = models.CharField(max_length=200)
    rater_email = models.EmailField()
    role = models.CharField("rater's role", max_length=30, choices=RaterRole.choices)
    waived = models.BooleanField(
        "I waive my right to read this rating",
        default=False,
        help_text="A waived rating's answers are never shown to you; you still see its status.",
    )
    # sha256 of the link's token, hex; the token itself is only ever in the email.
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The rating, once completed.
    known_months = models.PositiveSmallIntegerField(
        "months the rater has known the applicant", null=True, blank=True
    )
    rater_category = models.ForeignKey(
        EndorsementCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="the rater's endorsement",
    )
    rater_endorsement_number = models.CharField(max_length=50, blank=True)
    rater_vetted = models.BooleanField("the rater is vetted by the association", default=False)
    answers = models.JSONField(default=dict, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(known_months__isnull=False),
                name="completed_rating_says_how_long",
            )
        ]

    def __str__(self) -> str:
        return f"Reference from {self.rater_name} ({self.get_role_display()})"

    def status_on(self, now) -> str:
        if self.completed_at:
            return ReferenceStatus.COMPLETED
        if self.revoked_at:
            return ReferenceStatus.REVOKED
        if self.expires_at <= now:
            return ReferenceStatus.EXPIRED
        return ReferenceStatus.WAITING

    @property
    def nei_count(self) -> int:
        return nei_count(self.answers)
