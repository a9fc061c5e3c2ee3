from django.db import models


class Erasure(models.TextChoices):
    """What happens to a model's rows about a person when they are erased."""

    DELETE = "delete", "Delete the rows"
    PSEUDONYMISE = "pseudonymise", "Blank the identifying fields, keep the rows"
    # Rows stay, linked only to the pseudonymised account (e.g. signed RSC records an
    # association may still ask for, authoring history).
    KEEP_LINKED = "keep_linked", "Keep, linked to the pseudonymised account"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
