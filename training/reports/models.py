from django.conf import settings
from django.db import models


class ProgressSnapshot(models.Model):
    """A trainee's costlier figures as of one day, so tables of many trainees stay fast.

    Derived data only: any write that could change them deletes the row (see
    signal_handlers.py), and a row from an earlier day is never read, because RSC windows
    slide with the calendar. The readiness and log pages themselves always compute afresh.
    """

    trainee = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    computed_on = models.DateField()
    requirements_met = models.PositiveSmallIntegerField(null=True)
    requirements_total = models.PositiveSmallIntegerField(null=True)
    ready = models.BooleanField("ready to apply", default=False)
    awaiting_others = models.BooleanField("waiting only for verification or raters", default=False)
    rsc_minutes = models.PositiveIntegerField(default=0)
    last_log_on = models.DateField(null=True)
    logs_waiting = models.PositiveIntegerField(default=0)
    oldest_waiting_since = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"Progress of user #{self.trainee_id} on {self.computed_on}"
