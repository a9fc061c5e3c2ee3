from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import ProgressSnapshot

register(ProgressSnapshot, user_fields=["trainee"], erasure=Erasure.DELETE)
