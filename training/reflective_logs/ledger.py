"""The sign-off ledger: every sign-off is one link of a hash chain, checked end to end.

Link n stores `previous_hash` (link n-1's `chain_hash`, or GENESIS for the first) and
`chain_hash = sha256(previous_hash + canonical content)`, where the content holds the log's own
SHA-256, the signer, the time, the version and the minutes that count. Deleting, truncating or
rewriting any sign-off breaks the chain from there on; rewriting the whole chain consistently
is caught by the daily digests, which keep the head (count, last id, hash) outside the
database: as a file in default storage that is never overwritten, and in coordinators' inboxes.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from training.notifications.services import outbox_enqueue
from training.users.enums import Role
from training.users.models import User

from .locks import GENESIS
from .models import SignOff
from .signing import canonical_json

DIGEST_DIR = "ledger-digests"
# Any constant: every appender takes the same transaction-scoped PostgreSQL advisory lock.
ADVISORY_LOCK_KEY = 0x41747475  # "Attu"


def chain_content(sign_off: SignOff, *, minutes: int) -> dict:
    return {
        "position": sign_off.position,
        "log": sign_off.log_id,
        "log_sha256": sign_off.sha256,
        "signer": sign_off.signer_id,
        "signed_at": sign_off.signed_at.isoformat(),
        "version": sign_off.version,
        "minutes": minutes,
        "attested": sign_off.attested,
    }


def chain_link(previous_hash: str, content: dict) -> str:
    return hashlib.sha256(previous_hash.encode() + canonical_json(content)).hexdigest()


def _lock_head() -> None:
    """Serialise appenders so two sign-offs never both extend the same head (a fork).

    PostgreSQL: an advisory lock held to the end of the transaction. SQLite: the settings open
    every transaction with BEGIN IMMEDIATE, so writers already queue one at a time. The unique
    `position` and the chain trigger refuse a fork even if this were bypassed.
    """
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def _head() -> tuple[int, str]:
    last = SignOff.objects.order_by("-position").values_list("position", "chain_hash").first()
    return last or (0, GENESIS)


def ledger_append(*, log, signer, signed_at: datetime.datetime, sha256: str) -> SignOff:
    """Write the sign-off of `log` as the chain's next link. Call inside the signing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger_append must run inside the sign-off's transaction")
    _lock_head()
    position, previous = _head()
    sign_off = SignOff(
        log=log,
        signer=signer,
        signed_at=signed_at,
        version=log.version,
        sha256=sha256,
        attested=True,
        position=position + 1,
        previous_hash=previous,
    )
    sign_off.chain_hash = chain_link(previous, chain_content(sign_off, minutes=log.session.minutes))
    sign_off.save(force_insert=True)
    return sign_off


def ledger_link_all(sign_offs: list[SignOff], *, minutes_of: dict[int, int]) -> list[SignOff]:
    """Chain unsaved sign-offs (bulk generation) after the current head; the caller saves them.

    `minutes_of` maps log id to the session's minutes.
    """
    _lock_head()
    position, previous = _head()
    for offset, sign_off in enumerate(sign_offs):
        sign_off.position = position + offset + 1
        sign_off.previous_hash = previous
        sign_off.chain_hash = chain_link(
            previous, chain_content(sign_off, minutes=minutes_of[sign_off.log_id])
        )
        previous = sign_off.chain_hash
    return sign_offs


# Verification


@dataclass
class Head:
    count: int
    last_id: int | None
    hash: str


def ledger_walk(problems: list[str]) -> tuple[Head, dict[int, str]]:
    """Check every link in position order; report each break into `problems`.

    A link must sit at the next position, name the previous link's hash, and hash to what it
    stores. Returns the head and the recomputed hash at each position (for the digests).
    """
    previous, expected_position, last_id = GENESIS, 1, None
    at_position: dict[int, str] = {}
    rows = SignOff.objects.select_related("log__session").order_by("position")
    for sign_off in rows.iterator(chunk_size=500):
        if sign_off.position != expected_position:
            problems.append(
                f"chain: the sign-off at position {expected_position} is missing "
                f"(next is #{sign_off.pk} at position {sign_off.position})"
            )
        if sign_off.previous_hash != previous:
            problems.append(f"chain: sign-off #{sign_off.pk} does not follow the one before it")
        content = chain_content(sign_off, minutes=sign_off.log.session.minutes)
        recomputed = chain_link(sign_off.previous_hash, content)
        if recomputed != sign_off.chain_hash:
            problems.append(f"chain: sign-off #{sign_off.pk} was changed after it was written")
        at_position[sign_off.position] = recomputed
        previous, last_id = sign_off.chain_hash, sign_off.pk
        expected_position = sign_off.position + 1
    return Head(count=expected_position - 1, last_id=last_id, hash=previous), at_position


def ledger_head() -> Head:
    last = SignOff.objects.order_by("-position").first()
    if last is None:
        return Head(count=0, last_id=None, hash=GENESIS)
    return Head(count=last.position, last_id=last.pk, hash=last.chain_hash)


# Daily digests


def digest_name(day: datetime.date) -> str:
    return f"{DIGEST_DIR}/{day:%Y-%m-%d}.json"


def ledger_write_digest(*, today: datetime.date | None = None) -> dict | None:
    """Keep today's chain head in storage and email it to coordinators. Once a day, never
    overwriting: returns None when today's digest already exists."""

    today = today or timezone.localdate()
    name = digest_name(today)
    if default_storage.exists(name):
        return None
    head = ledger_head()
    digest = {
        "date": today.isoformat(),
        "count": head.count,
        "last_id": head.last_id,
        "hash": head.hash,
        "written_at": timezone.now().isoformat(),
    }
    saved = default_storage.save(name, ContentFile(json.dumps(digest, indent=2).encode()))
    if saved != name:  # another run won the race; keep its file only
        default_storage.delete(saved)
        return None
    coordinators = User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct()
    body = (
        "The sign-off ledger's head today. Keep this email: if a signed record is ever changed\n"
        "or removed, `manage.py verify_signoffs` compares the ledger with these digests.\n\n"
        + json.dumps(digest, indent=2)
        + "\n"
    )
    with transaction.atomic():
        for person in coordinators:
            outbox_enqueue(
                recipient=person,
                to_email=person.email,
                subject=f"Attune sign-off ledger digest {today:%Y-%m-%d}",
                body=body,
                dedupe_key=f"ledger-digest-{today:%Y%m%d}-{person.pk}",
            )
    return digest


def stored_digests(problems: list[str]) -> list[dict]:
    try:  # an object store has no folders: a prefix is listed, never tested for existence
        _dirs, files = default_storage.listdir(DIGEST_DIR)
    except FileNotFoundError:
        return []
    digests = []
    for filename in sorted(files):
        if not filename.endswith(".json"):
            continue
        try:
            with default_storage.open(f"{DIGEST_DIR}/{filename}") as handle:
                digest = json.loads(handle.read())
            digests.append(
                {
                    "file": filename,
                    "count": int(digest["count"]),
                    "last_id": digest["last_id"],
                    "hash": str(digest["hash"]),
                }
            )
        except (ValueError, KeyError, TypeError):
            problems.append(f"digest {filename}: unreadable")
    return digests


def ledger_check_digests(at_position: dict[int, str], problems: list[str]) -> int:
    """Each stored digest's head must still be in the chain, at its position, with its hash."""
    digests = stored_digests(problems)
    for digest in digests:
        count, expected = digest["count"], digest["hash"]
        if count == 0:
            continue
        found = at_position.get(count)
        last_id = SignOff.objects.filter(position=count).values_list("pk", flat=True).first()
        if found != expected or last_id != digest["last_id"]:
            problems.append(
                f"digest {digest['file']}: the chain no longer holds its head "
                f"(sign-off #{digest['last_id']} at position {count})"
            )
    return len(digests)
