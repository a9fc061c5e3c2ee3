from training.privacy.enums import Erasure
from training.privacy.registry import Retention, register

from .models import SubmissionReceipt

# Only needed for the minutes in which a form can be sent twice; purged daily after that.
register(
    SubmissionReceipt,
    user_fields=["user"],
    erasure=Erasure.DELETE,
    retention=Retention(setting="submission_receipts", date_field="created_at"),
)
