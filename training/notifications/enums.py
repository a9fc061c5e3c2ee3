from django.db import models


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    # The recipient turned emails of this kind off; the in-app item still stands.
    SKIPPED = "skipped", "Not sent (turned off)"


# Messages that are finished with: the retention purge may remove them.
FINISHED_OUTBOX_STATUSES = (OutboxStatus.SENT, OutboxStatus.SKIPPED)


class NotificationKind(models.TextChoices):
    """What an email (and its in-app item) is about; the unit a person turns emails off by."""

    LOG_TO_REVIEW = "log_to_review", "Logs to review"
    LOG_RETURNED = "log_returned", "Logs returned for changes"
    LOG_SIGNED = "log_signed", "Logs signed off"
    VERIFICATION = "verification", "Verifications"
    APPLICATION = "application", "Your application"
    REFERENCE = "reference", "Reference ratings"
    INVITATION = "invitation", "Invitations"
    REMINDER = "reminder", "Reminders"
    DATA_EXPORT = "data_export", "Your data"
    LEDGER_DIGEST = "ledger_digest", "Sign-off ledger digest"
    PROVIDER_LINK = "provider_link", "Links for outside providers"
    SECURITY = "security", "Sign-in and security codes"
    OTHER = "other", "Other messages"
