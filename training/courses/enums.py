from django.db import models


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", "Introductory"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class CheckKind(models.TextChoices):
    SINGLE = "single", "Choose one answer"
    MULTIPLE = "multiple", "Choose every answer that applies"


class CalloutKind(models.TextChoices):
    NOTE = "note", "Note"
    TIP = "tip", "Tip"
    IMPORTANT = "important", "Important"
