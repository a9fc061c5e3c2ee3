from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import ReferenceRequest
from .services import reference_emails_delete

# A rating belongs to the rater's judgement: its content (answers, comments, how long they have
# known the applicant, their own endorsement) is never in the applicant's own download, waived
# or not, so a waived rating's content reaches the applicant by no path at all. She gets who
# she asked, their address and role, whether she waived, and the dates (the status).
RATING_CONTENT = [
    "answers",
    "comments",
    "known_months",
    "rater_category",
    "rater_endorsement_number",
    "rater_vetted",
]


def _erase(*, user, rows) -> int:
    """Delete the requests and the emails sent to their raters, which name the applicant but
    are addressed to someone else (so the outbox's own entry does not find them)."""
    ids = list(rows.values_list("pk", flat=True))
    reference_emails_delete(request_ids=ids)
    return ReferenceRequest.objects.filter(pk__in=ids).delete()[0]


register(
    ReferenceRequest,
    user_fields=["trainee"],
    erasure=Erasure.DELETE,
    # The token's hash opens nothing without the token, but it is of no use to her either.
    export_exclude=["token_hash", *RATING_CONTENT],
    eraser=_erase,
)
