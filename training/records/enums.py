from django.db import models


class TrainingSource(models.TextChoices):
    COURSE = "course", "Attune course"
    EXTERNAL = "external", "External training"


class EvidenceKind(models.TextChoices):
    """How reviewers weigh training evidence, strongest first."""

    COLLEGE_COURSE = "college", "College course"
    SERIES = "series", "Intensive or series training"
    SHORT = "short", "Short training"
    CONFERENCE = "conference", "Conference"


class VerificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for verification"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Not accepted"
