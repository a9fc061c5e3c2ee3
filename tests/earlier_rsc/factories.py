import datetime
from decimal import Decimal

from django.utils import timezone

from training.earlier_rsc.models import EarlierRsc
from training.earlier_rsc.services import facts_of
from training.reflective_logs.signing import sha256_of

# A small file that is a PDF by its content.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def earlier_record(trainee, provider, *, state="draft", **facts) -> EarlierRsc:
    """A record as the services would leave it in `state` (locked ones signed by the
    provider, with the facts' hash)."""
    today = timezone.localdate()
    values = {
        "starts_on": today - datetime.timedelta(days=60),
        "ends_on": today - datetime.timedelta(days=31),
        "format": "individual",
        "hours": Decimal("10"),
        "population": "0_3",
        "post_masters": True,
        **facts,
    }
    record = EarlierRsc.objects.create(trainee=trainee, provider=provider, **values)
    if state in ("attested", "verified"):
        record.signed_by, record.signed_at = provider, timezone.now()
        record.sha256 = sha256_of(facts_of(record))
    record.state = state
    record.save()  # the last write before the lock (the row was a draft until now)
    return record
