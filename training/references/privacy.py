from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import ReferenceRequest

# The rating's answers belong to the rater's judgement: never in the applicant's own download
# (a waived rating's content must reach the applicant by no path at all).
register(
    ReferenceRequest,
    user_fields=["trainee"],
    erasure=Erasure.DELETE,
    export_exclude=["token_hash", "answers", "comments", "known_months"],
)
