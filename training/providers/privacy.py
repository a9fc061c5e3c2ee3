from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import OutsideProvider, ProviderLink

# The provider's own row: their credential as given, and which trainees chose them. Erasing
# Signed RSC names the provider's account, so the row stays linked to it (pseudonymised).
register(
    OutsideProvider,
    user_fields=["account"],
    erasure=Erasure.KEEP_LINKED,
    reference_fields=["added_by", "registry_checked_by", "trainees"],
)
# Links hold hashes and dates, no text; the hashes open nothing without the token and code.
register(
    ProviderLink,
    user_fields=["provider"],
    erasure=Erasure.DELETE,
    reference_fields=["created_by"],
    export_exclude=["token_hash", "code_hash"],
)
