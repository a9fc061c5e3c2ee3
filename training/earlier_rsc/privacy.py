"""Personal data in earlier RSC.

On erasure, attested and verified records are kept (an endorsement body may still ask for the
RSC behind an endorsement), linked only to the pseudonymised account; they are locked. Drafts,
returned and waiting records go, with their documents.
"""

from django.db import transaction

from training.privacy.enums import Erasure
from training.privacy.registry import register

from .enums import LOCKED_STATES
from .models import EarlierRsc


@transaction.atomic
def erase_unvouched(*, user, rows) -> int:
    """Delete the person's records nobody has vouched for, and their files after commit."""
    records = list(EarlierRsc.objects.filter(trainee=user).exclude(state__in=LOCKED_STATES))
    for record in records:
        if record.document:
            name, storage = record.document.name, record.document.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        record.delete()
    return len(records)


register(
    EarlierRsc,
    user_fields=["trainee"],
    reference_fields=["provider", "signed_by"],
    erasure=Erasure.PSEUDONYMISE,
    eraser=erase_unvouched,
    file_fields=["document"],
    # A declining provider is named in the returned reason.
    scrub_fields=["returned_reason"],
)
