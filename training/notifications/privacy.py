from training.privacy.enums import Erasure
from training.privacy.registry import Retention, register

from .enums import OutboxStatus
from .models import OutboxMessage

register(
    OutboxMessage,
    user_fields=["recipient"],
    erasure=Erasure.DELETE,
    # Messages sent before a recipient was linked can still carry the address.
    scrub_fields=["to_email"],
    retention=Retention(
        setting="notifications", date_field="created_at", filters={"status": OutboxStatus.SENT}
    ),
)
