from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import TrainingRecord

register(
    TrainingRecord,
    user_fields=["trainee"],
    reference_fields=["verified_by"],
    erasure=Erasure.DELETE,
    file_fields=["certificate"],
)
