from django.conf import settings
from django.db import models


class SubmissionReceipt(models.Model):
    """One form submission that took effect: a repeat of it redirects to its result.

    The unique constraint is the guard: of two requests carrying the same key only one insert
    succeeds; the other waits for it to commit, then replays `result_url`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submission_receipts"
    )
    scope = models.CharField(max_length=200, help_text="The view and path the form posted to.")
    key = models.CharField(
        max_length=80,
        help_text="The form's one-time key, or a fingerprint of the posted data when it had none.",
    )
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"], name="core_submission_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} ({self.created_at:%Y-%m-%d %H:%M})"
