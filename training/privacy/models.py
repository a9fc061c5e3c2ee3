import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from training.core.files import private_storage

from .enums import ExportStatus


def _token() -> str:
    return secrets.token_urlsafe(32)


class DataExport(models.Model):
    """A person's download of everything Attune holds about them; the link lasts 24 hours."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_token)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    archive = models.FileField(storage=private_storage, upload_to="exports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    VALID_FOR = timedelta(hours=24)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Data export {self.pk} ({self.status})"

    @property
    def expires_at(self):
        return (self.ready_at or self.created_at) + self.VALID_FOR

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.expires_at


class PrivacyAuditEvent(models.Model):
    """An append-only record of erasures, exports and retention purges.

    It names the subject only by a pseudonymous reference, never by email or name.
    """

    action = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_ref = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.action} {self.subject_ref} at {self.at:%Y-%m-%d %H:%M}"
