from django.conf import settings
from django.db import models


class ReadinessSnapshot(models.Model):
    """A trainee's readiness figures as of one day, so tables of many trainees stay fast.

    Derived data only: any write that could change the figures deletes the row (see
    signal_handlers.py), and a row from an earlier day is never read, because RSC windows
    slide with the calendar. The readiness page itself always evaluates afresh.
    """

    trainee = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    computed_on = models.DateField()
    requirements_met = models.PositiveSmallIntegerField(null=True)
    requirements_total = models.PositiveSmallIntegerField(null=True)

    def __str__(self) -> str:
        return f"Readiness of user #{self.trainee_id} on {self.computed_on}"
