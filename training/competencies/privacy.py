from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import ProviderQualification

# A supervisor's qualification is about them; trainees' RSC already counted stays counted.
register(ProviderQualification, user_fields=["supervisor"], erasure=Erasure.DELETE)
