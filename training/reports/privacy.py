from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import ReadinessSnapshot

register(ReadinessSnapshot, user_fields=["trainee"], erasure=Erasure.DELETE)
