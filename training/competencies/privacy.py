from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import PortfolioExport, ProviderQualification, TrainingRecord

register(
    TrainingRecord,
    user_fields=["trainee"],
    reference_fields=["verified_by"],
    erasure=Erasure.DELETE,
    file_fields=["certificate"],
)
# A supervisor's qualification is about them; trainees' RSC already counted stays counted.
register(ProviderQualification, user_fields=["supervisor"], erasure=Erasure.DELETE)
register(PortfolioExport, user_fields=["trainee"], erasure=Erasure.DELETE, file_fields=["file"])
