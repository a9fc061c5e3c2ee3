"""The outbox: record a message with the change, send it after commit, at most once."""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from training.core.queue import enqueue
from training.users.models import User

from .enums import NotificationKind, OutboxStatus
from .kinds import OPTIONAL_KINDS, kind_for_key, spec_for
from .models import EmailPreference, Notification, OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Every email carries the id of its outbox row, so a message sent twice can be traced.
OUTBOX_HEADER = "X-Attune-Outbox"


def _queue_delivery(message_id: int) -> None:

    from .tasks import send_outbox_message

    # The broker may be down: the message stays pending and the sweep resends it.
    enqueue(send_outbox_message, message_id)


def outbox_enqueue(
    *,
    to_email: str,
    subject: str,
    body: str,
    recipient=None,
    dedupe_key: str | None = None,
    kind: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> OutboxMessage | None:
    """Write a message in the caller's transaction and queue its delivery after commit.

    Its in-app notification is written in the same transaction (titled by `title` or the
    subject, leading to `url` or the first link in the body). Returns None when a message
    with the same `dedupe_key` already exists.
    """
    kind = kind or kind_for_key(dedupe_key)
    if recipient is None and kind == NotificationKind.INVITATION:
        # An invitation to an address that already has an account waits in that account too.
        recipient = User.objects.filter(email__iexact=to_email, is_active=True).first()
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                recipient=recipient,
                to_email=to_email,
                subject=subject,
                body=body,
                kind=kind,
                dedupe_key=dedupe_key,
            )
            notified = recipient is not None and spec_for(kind).in_app
            if notified:
                _notification_create(message=message, title=title, url=url)
    except IntegrityError:
        if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise

    def after_commit() -> None:
        if notified:
            cache.delete(_unread_key(message.recipient_id))
        _queue_delivery(message.pk)

    transaction.on_commit(after_commit)
    return message


# --- the in-app notification centre ------------------------------------------------------

UNREAD_CACHE_SECONDS = 300


def _unread_key(user_id: int) -> str:
    return f"notifications-unread:{user_id}"


def _forget_unread(user_id: int, *, after_commit: bool = True) -> None:
    # Now for this transaction's own reads, and after commit so that a count cached by
    # another request in between does not outlive the change.
    cache.delete(_unread_key(user_id))
    if after_commit:
        transaction.on_commit(lambda: cache.delete(_unread_key(user_id)))


def internal_path(url: str) -> str:
    """`url` as a path on this site, or "" when it points anywhere else."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if base and url.startswith(base + "/"):
        url = url[len(base) :]
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return ""
    return url[:500]


def _first_link(body: str) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    match = re.search(re.escape(base) + r"(/\S*)", body) if base else None
    return internal_path(match.group(1).rstrip(".,;)")) if match else ""


def _default_url(kind: str) -> str:
    name = spec_for(kind).default_url_name
    try:
        return reverse(name) if name else ""
    except NoReverseMatch:
        return ""


def _notification_create(*, message: OutboxMessage, title: str | None, url: str | None):
    notification = Notification.objects.create(
        recipient=message.recipient,
        kind=message.kind,
        title=(title or message.subject)[:200],
        url=internal_path(url or "") or _first_link(message.body) or _default_url(message.kind),
        message=message,
    )
    # outbox_enqueue forgets it again after commit, with the delivery (one callback).
    _forget_unread(message.recipient_id, after_commit=False)
    return notification


def notifications_unread_count(*, user) -> int:
    """How many of the person's notifications are unread: one indexed count, then cached."""
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the person's own notifications read (Notification.DoesNotExist otherwise)."""
    notification = Notification.objects.for_user(user).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _forget_unread(user.pk)
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the person read; returns how many."""
    count = Notification.objects.for_user(user).unread().update(read_at=timezone.now())
    _forget_unread(user.pk)
    return count


def email_preferences_update(*, user, enabled: dict[str, bool]) -> None:
    """Record which kinds of email the person wants; kinds that cannot be turned off are
    ignored."""
    with transaction.atomic():
        for kind in OPTIONAL_KINDS:
            if kind in enabled:
                EmailPreference.objects.update_or_create(
                    user=user, kind=kind, defaults={"email_enabled": bool(enabled[kind])}
                )


def email_wanted(message: OutboxMessage) -> bool:
    """Whether the message's recipient still wants emails of its kind."""
    if message.recipient_id is None or message.kind not in OPTIONAL_KINDS:
        return True
    return not EmailPreference.objects.filter(
        user_id=message.recipient_id, kind=message.kind, email_enabled=False
    ).exists()


def outbox_deliver(*, message_id: int) -> bool:
    """Send one pending message; True when this call sent it.

    The row is locked while sending so two workers cannot both send it.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.PENDING)
            .first()
        )
        if message is None:
            return False
        if not email_wanted(message):
            message.status = OutboxStatus.SKIPPED
            message.save(update_fields=["status"])
            return False
        EmailMessage(
            message.subject,
            message.body,
            to=[message.to_email],
            headers={OUTBOX_HEADER: str(message.pk)},
        ).send()
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
        message.attempts += 1
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    return True


def outbox_record_failure(*, message_id: int, error: str) -> None:
    """Count a failed attempt; give up after MAX_ATTEMPTS."""
    message = OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).first()
    if message is None:
        return
    message.attempts += 1
    message.last_error = error[:500]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    message.save(update_fields=["attempts", "last_error", "status"])


def outbox_pending_ids(*, older_than: timedelta = timedelta(minutes=2)) -> list[int]:
    """Messages still pending after a grace period, for the sweep to queue again."""
    cutoff = timezone.now() - older_than
    return list(
        OutboxMessage.objects.pending().filter(created_at__lt=cutoff).values_list("pk", flat=True)
    )
