from training.privacy.enums import Erasure
from training.privacy.registry import Retention, register

from .enums import FINISHED_OUTBOX_STATUSES
from .models import EmailPreference, Notification, OutboxMessage

register(
    OutboxMessage,
    user_fields=["recipient"],
    erasure=Erasure.DELETE,
    # Messages sent before a recipient was linked can still carry the address.
    scrub_fields=["to_email"],
    retention=Retention(
        setting="notifications",
        date_field="created_at",
        filters={"status__in": FINISHED_OUTBOX_STATUSES},
    ),
)
register(
    Notification,
    user_fields=["recipient"],
    erasure=Erasure.DELETE,
    # Read items go with the emails they copied; unread ones wait for their reader.
    retention=Retention(
        setting="notifications", date_field="created_at", filters={"read_at__isnull": False}
    ),
)
register(EmailPreference, user_fields=["user"], erasure=Erasure.DELETE)
