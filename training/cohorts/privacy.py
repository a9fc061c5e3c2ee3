from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import Cohort, CohortMembership, Invitation

# Membership rows (CohortMembership) carry the trainee link; they are deleted on erasure.
register(
    Cohort,
    user_fields=[],
    reference_fields=["coordinators", "trainees"],
    erasure=Erasure.KEEP_LINKED,
)
register(CohortMembership, user_fields=["trainee"], erasure=Erasure.DELETE)
# An invitation names its invitee by address, not by link, so the address is scrubbed too.
register(
    Invitation,
    user_fields=["accepted_by"],
    reference_fields=["invited_by"],
    erasure=Erasure.DELETE,
    scrub_fields=["email", "name"],
)
