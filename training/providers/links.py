"""Emailed links for providers without an account: issued, opened by a one-time code, used once.

The token and the code are made here, sent by email and forgotten: only their sha256 is
stored. A link answers for exactly one provider, purpose and record; it is closed (and says
nothing about what it was for) when used, revoked, expired, locked after too many wrong
codes, or when the provider's address is no longer the one it was sent to.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from training.notifications.services import outbox_enqueue

from .models import ProviderLink

# Wrong codes before the link locks for good (the person who sent it can send a new one).
MAX_CODE_FAILURES = 5
# Codes one link may send, and how long one stays valid; a new one at most once a minute.
MAX_CODES_SENT = 5
CODE_MINUTES = 15
CODE_RESEND_SECONDS = 60


class LinkRefused(Exception):
    """The link cannot do this (any more); the message says so without naming anything."""


class LinkState:
    OPEN = "open"
    USED = "used"
    CLOSED = "closed"  # revoked, expired, locked, or sent to an address no longer theirs


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _link_days() -> int:
    return settings.ATTUNE_PROVIDER_LINK_DAYS


def link_state(link: ProviderLink, *, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    if link.used_at is not None:
        return LinkState.USED
    if (
        link.revoked_at is not None
        or link.locked_at is not None
        or link.expires_at <= now
        or not link.provider.is_active
        or link.provider.email.lower() != link.email.lower()
    ):
        return LinkState.CLOSED
    return LinkState.OPEN


def link_for_token(token: str) -> ProviderLink | None:
    """The link behind a token, or None (looked up by the token's hash)."""
    if not token or len(token) > 200:
        return None
    return ProviderLink.objects.select_related("provider").filter(token_hash=_hash(token)).first()


def _open_links(*, purpose: str, target_id: int):
    return ProviderLink.objects.filter(
        purpose=purpose, target_id=target_id, used_at__isnull=True, revoked_at__isnull=True
    )


@transaction.atomic
def links_revoke(*, purpose: str, target_id: int) -> int:
    """Close every open link for this record (a new one, if any, is sent separately)."""
    return _open_links(purpose=purpose, target_id=target_id).update(revoked_at=timezone.now())


@transaction.atomic
def link_send(
    *,
    provider,
    purpose: str,
    target_id: int,
    created_by,
    url_name: str,
    subject: str,
    summary: str,
) -> ProviderLink:
    """Email `provider` a new link for this purpose and record; earlier ones stop working.

    `summary` is the email's first paragraph: who asks for what, never any log text."""
    links_revoke(purpose=purpose, target_id=target_id)
    token = secrets.token_urlsafe(32)
    link = ProviderLink.objects.create(
        provider=provider,
        purpose=purpose,
        target_id=target_id,
        email=provider.email,
        token_hash=_hash(token),
        created_by=created_by,
        expires_at=timezone.now() + datetime.timedelta(days=_link_days()),
    )
    url = settings.WAGTAILADMIN_BASE_URL + reverse(url_name, kwargs={"token": token})
    outbox_enqueue(
        recipient=provider,
        to_email=provider.email,
        subject=subject,
        body=(
            f"{summary}\n\n"
            f"Open it here (no account needed): {url}\n\n"
            "When you open the link we email you a one-time code to type in, so that only you "
            f"can use it. The link works once and closes in {_link_days()} days.\n"
        ),
        dedupe_key=f"provider-link-{link.pk}",
    )
    return link


def _locked_link(link_id: int) -> ProviderLink:
    rows = ProviderLink.objects.select_related("provider")
    if transaction.get_connection().features.has_select_for_update_of:
        return rows.select_for_update(of=("self",)).get(pk=link_id)
    return rows.select_for_update().get(pk=link_id)


@transaction.atomic
def code_send(*, link_id: int, now: datetime.datetime | None = None) -> bool:
    """Email a fresh one-time code unless a recent one is still valid or too many were sent.

    Returns whether a code was sent."""
    now = now or timezone.now()
    link = _locked_link(link_id)
    if link_state(link, now=now) != LinkState.OPEN:
        return False
    if link.code_sent_at and now - link.code_sent_at < datetime.timedelta(
        seconds=CODE_RESEND_SECONDS
    ):
        return False
    if link.codes_sent >= MAX_CODES_SENT:
        return False
    code = f"{secrets.randbelow(10**6):06d}"
    link.code_hash = _hash(f"{link.pk}:{code}")
    link.code_sent_at = now
    link.codes_sent += 1
    link.save(update_fields=["code_hash", "code_sent_at", "codes_sent"])
    outbox_enqueue(
        recipient=link.provider,
        to_email=link.email,
        subject=f"Your Attune code: {code}",
        body=(
            f"Your one-time code is {code}\n\n"
            f"Type it on the page you just opened. It works for {CODE_MINUTES} minutes.\n"
            "If you did not open an Attune link, you can ignore this email.\n"
        ),
        dedupe_key=f"provider-link-{link.pk}-code-{link.codes_sent}",
    )
    return True


def code_is_waiting(link: ProviderLink, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        link.code_hash
        and link.code_sent_at
        and now - link.code_sent_at < datetime.timedelta(minutes=CODE_MINUTES)
    )


@transaction.atomic
def code_confirm(*, link_id: int, code: str) -> bool:
    """Check a typed code. A wrong one counts; the last allowed failure locks the link."""
    link = _locked_link(link_id)
    if link_state(link) != LinkState.OPEN or not code_is_waiting(link):
        return False
    typed = "".join(ch for ch in (code or "") if ch.isdigit())[:6]
    if hmac.compare_digest(_hash(f"{link.pk}:{typed}"), link.code_hash):
        link.code_hash = ""  # one time: the same code never opens it again
        link.save(update_fields=["code_hash"])
        return True
    link.code_failures += 1
    if link.code_failures >= MAX_CODE_FAILURES:
        link.locked_at = timezone.now()
    link.save(update_fields=["code_failures", "locked_at"])
    return False


def link_use(link: ProviderLink) -> ProviderLink:
    """Mark the link used for its purpose; call inside the purpose's own transaction, after
    locking its record. A link used (or closed) meanwhile is refused."""
    locked = _locked_link(link.pk)
    if link_state(locked) != LinkState.OPEN:
        raise LinkRefused("This link has already been used or is no longer valid.")
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    link.used_at = locked.used_at
    return locked
