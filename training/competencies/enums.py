from django.db import models


class Track(models.TextChoices):
    """The age range an endorsement category covers."""

    INFANT = "infant", "Infant (0–3)"
    EARLY_CHILDHOOD = "early_childhood", "Early childhood (3–6)"
    # The reflective supervisor category spans both.
    BOTH = "both", "Infant and early childhood"


class AgeGroup(models.TextChoices):
    """The ages of the children a person's work served."""

    INFANT = "0_3", "Infants and toddlers (0–3)"
    EARLY_CHILDHOOD = "3_6", "Young children (3–6)"
    BOTH = "both", "Both (0–6)"


class RaterRole(models.TextChoices):
    """Who a reference rater is to the applicant (a category's rules may require some)."""

    CURRENT_SUPERVISOR = "current_supervisor", "Current supervisor"
    RSC_PROVIDER = "rsc_provider", "Reflective supervision/consultation provider"
    PROGRAM_SUPERVISOR = "program_supervisor", "Program supervisor, teacher or trainer"
    COLLEAGUE = "colleague", "Colleague"
    SUPERVISEE = "supervisee", "Someone who receives RSC from the applicant"
