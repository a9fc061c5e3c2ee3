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


class Track(models.TextChoices):
    """The age range an endorsement category covers."""

    INFANT = "infant", "Infant (0–3)"
    EARLY_CHILDHOOD = "early_childhood", "Early childhood (3–6)"
    # The reflective supervisor category spans both.
    BOTH = "both", "Infant and early childhood"


class VerificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for verification"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Not accepted"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Being prepared"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Could not be made"
