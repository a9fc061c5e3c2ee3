from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import Profile, SupervisionAssignment, User

# The account itself is pseudonymised last by the erasure service, never deleted, so that
# records which must be kept stay linked to an anonymous account.
register(User, user_fields=["id"], erasure=Erasure.KEEP_LINKED, export_exclude=["password"])
register(
    Profile,
    user_fields=["user"],
    erasure=Erasure.PSEUDONYMISE,
    pseudonymise={"organisation": "", "discipline": "", "degree": "", "reminders_enabled": False},
)
register(SupervisionAssignment, user_fields=["supervisor", "trainee"], erasure=Erasure.KEEP_LINKED)
