from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import (
    AgreementAcceptance,
    Application,
    ApplicationEvent,
    Education,
    ExamResult,
    Membership,
    WorkExperience,
)

for model in (Education, WorkExperience, Membership):
    register(
        model,
        user_fields=["trainee"],
        reference_fields=["verified_by"],
        erasure=Erasure.DELETE,
        file_fields=["transcript"] if model is Education else (),
    )
register(AgreementAcceptance, user_fields=["trainee"], erasure=Erasure.DELETE)
register(
    ExamResult, user_fields=["trainee"], reference_fields=["recorded_by"], erasure=Erasure.DELETE
)
register(Application, user_fields=["trainee"], erasure=Erasure.DELETE)
register(ApplicationEvent, user_fields=[], reference_fields=["actor"], erasure=Erasure.DELETE)
