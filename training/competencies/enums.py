from django.db import models


class Track(models.TextChoices):
    """The age range an endorsement category covers."""

    INFANT = "infant", "Infant (0–3)"
    EARLY_CHILDHOOD = "early_childhood", "Early childhood (3–6)"
    # The reflective supervisor category spans both.
    BOTH = "both", "Infant and early childhood"
