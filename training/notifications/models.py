from django.conf import settings
from django.db import models

from .enums import OutboxStatus


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self) -> "OutboxMessageQuerySet":
        return self.filter(status=OutboxStatus.PENDING)


class OutboxMessage(models.Model):
    """An email to send, written in the same transaction as the change it reports.

    Bodies carry links, never reflective text.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    to_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # Same key, same message: a repeated event does not send twice.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email} ({self.status})"
