"""Writes for reference ratings: an applicant invites, resends and withdraws; a rater answers
through the emailed link; raters are reminded once before their link closes.

The link's token is made here, put in the email and forgotten: only its sha256 is stored, so
the database (and the applicant's own data download) can never open a rating form.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from training.applications.selectors import records_locked
from training.core.submissions import person_lock
from training.notifications.models import OutboxMessage
from training.notifications.services import outbox_enqueue
from training.users.models import User

from .models import ReferenceRequest, ReferenceStatus
from .permissions import user_can_ask_for_references
from .ratings import AREAS, STATEMENT_CODES

LOCKED_MESSAGE = (
    "Your endorsement application has been submitted, so your reference ratings are frozen "
    "while it is reviewed: you cannot invite, resend or withdraw a rater now."
)


def token_hash(token: str) -> str:
    """The stored form of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _link_days() -> int:
    return settings.ATTUNE_REFERENCE_LINK_DAYS


# Ratings freeze with the rest of the applicant's records.
references_locked = records_locked


def _check_actor(*, trainee: User) -> None:
    if not user_can_ask_for_references(trainee):
        raise PermissionDenied
    if references_locked(trainee):
        raise ValidationError(LOCKED_MESSAGE)


def _target_name(trainee: User) -> str:
    profile = getattr(trainee, "profile", None)
    category = profile.target_category if profile else None
    return category.name if category else "an IECMH Endorsement"


def _email_key(request: ReferenceRequest, kind: str) -> str:
    # Every email about a request starts with this, so erasure finds them all (privacy.py).
    return f"reference-{request.pk}-{kind}-{request.token_hash[:16]}"


def email_key_prefix(request_pk: int) -> str:
    return f"reference-{request_pk}-"


def _invitation_email(*, request: ReferenceRequest, token: str) -> None:
    trainee = request.trainee
    name = trainee.display_name
    link = settings.WAGTAILADMIN_BASE_URL + reverse("references_rate", args=[token])
    closes = date_format(timezone.localtime(request.expires_at), "j F Y")
    seen = (
        f"{name} has waived the right to read your answers: the association's reviewers read "
        "them, the applicant never does."
        if request.waived
        else f"{name} may read your answers and comments once you send them."
    )
    body = (
        f"{name} is applying for {_target_name(trainee)} and asks you, as their "
        f"{request.get_role_display().lower()}, for a reference rating.\n\n"
        f"The rating is part of their endorsement application: {len(STATEMENT_CODES)} short "
        f"statements about their practice in {', '.join(AREAS[:-1])} and {AREAS[-1]}, each "
        "rated from 'rarely' to 'consistently' (or 'not enough information'), how long you "
        "have known them and, if you hold one, your own endorsement. It takes about ten "
        f"minutes and needs no account.\n\n{seen}\n\n"
        f"Answer here (the link works once, until {closes}):\n{link}\n\n"
        "If you did not expect this email, you can ignore it."
    )
    outbox_enqueue(
        to_email=request.rater_email,
        subject=f"{name} asks you for a reference rating",
        body=body,
        dedupe_key=_email_key(request, "link"),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _own_emails(trainee: User) -> set[str]:
    emails = {(trainee.email or "").lower()}
    emails.update(e.lower() for e in trainee.emailaddress_set.values_list("email", flat=True))
    return emails


@transaction.atomic
def reference_invite(
    *, trainee: User, rater_name: str, rater_email: str, role: str, waived: bool
) -> ReferenceRequest:
    """Ask a rater for a rating: a fresh single-use link, emailed in the same transaction."""
    _check_actor(trainee=trainee)
    # Two invitations sent at once must see each other for the "one waiting" rule.
    person_lock(trainee)
    rater_email = rater_email.strip()
    now = timezone.now()
    errors = {}
    if rater_email.lower() in _own_emails(trainee):
        errors["rater_email"] = "This is your own address: a rating must come from someone else."
    else:
        waiting = ReferenceRequest.objects.filter(
            trainee=trainee,
            rater_email__iexact=rater_email,
            completed_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        if waiting.exists():
            errors["rater_email"] = (
                "You already invited this address and the invitation is still waiting. "
                "Resend it from your list instead."
            )
    token, hashed = _new_token()
    request = ReferenceRequest(
        trainee=trainee,
        # One line: the name goes into email subjects, where a line break would be a header.
        rater_name=_one_line(rater_name),
        rater_email=rater_email,
        role=role,
        waived=waived,
        token_hash=hashed,
        expires_at=now + timedelta(days=_link_days()),
        sent_at=now,
    )
    try:
        request.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    request.save()
    _invitation_email(request=request, token=token)
    return request


def _own_open_request(*, trainee: User, request_id: int) -> ReferenceRequest:
    request = (
        ReferenceRequest.objects.select_for_update(of=("self",))
        .select_related("trainee")
        .filter(pk=request_id, trainee=trainee)
        .first()
    )
    if request is None:
        raise ReferenceRequest.DoesNotExist
    return request


@transaction.atomic
def reference_resend(*, trainee: User, request_id: int) -> ReferenceRequest:
    """A new link (the old one stops working), a new closing date and a new email."""
    _check_actor(trainee=trainee)
    request = _own_open_request(trainee=trainee, request_id=request_id)
    if request.status_on(timezone.now()) not in (ReferenceStatus.WAITING, ReferenceStatus.EXPIRED):
        raise ValidationError("Only an invitation the rater has not answered can be resent.")
    token, request.token_hash = _new_token()
    now = timezone.now()
    request.expires_at = now + timedelta(days=_link_days())
    request.sent_at = now
    # The new link gets its own reminder.
    request.reminded_at = None
    request.save(update_fields=["token_hash", "expires_at", "sent_at", "reminded_at"])
    _invitation_email(request=request, token=token)
    return request


@transaction.atomic
def reference_revoke(*, trainee: User, request_id: int) -> ReferenceRequest:
    """Withdraw an invitation: its link stops working at once; the row stays as Withdrawn."""
    _check_actor(trainee=trainee)
    request = _own_open_request(trainee=trainee, request_id=request_id)
    if request.completed_at:
        raise ValidationError("A completed rating cannot be withdrawn.")
    if request.revoked_at is None:
        request.revoked_at = timezone.now()
        request.save(update_fields=["revoked_at"])
    return request


def rating_request_for_token(token: str, *, lock: bool = False) -> ReferenceRequest | None:
    """The request behind a link's token, or None. Looked up by the token's hash (an index
    lookup on a value the caller cannot choose), so no comparison leaks timing."""
    if not token or len(token) > 200:
        return None
    rows = ReferenceRequest.objects.select_related("trainee__profile__target_category")
    if lock:
        # Lock the request row only: its profile and target are read, not changed (and
        # PostgreSQL cannot lock the nullable side of the outer joins).
        rows = rows.select_for_update(of=("self",))
    return rows.filter(token_hash=token_hash(token)).first()


@transaction.atomic
def reference_complete(
    *,
    token: str,
    known_months: int,
    answers: dict[str, str],
    comments: str = "",
    rater_category=None,
    rater_endorsement_number: str = "",
    rater_vetted: bool = False,
) -> ReferenceRequest | None:
    """Save the rater's answers; the link is used up. None when the link no longer works."""
    request = rating_request_for_token(token, lock=True)
    if request is None or request.status_on(timezone.now()) != ReferenceStatus.WAITING:
        return None
    missing = [code for code in STATEMENT_CODES if code not in answers]
    if missing:
        raise ValidationError("Every statement needs an answer.")
    request.known_months = known_months
    request.answers = {code: answers[code] for code in STATEMENT_CODES}
    request.comments = comments
    request.rater_category = rater_category
    request.rater_endorsement_number = rater_endorsement_number
    request.rater_vetted = rater_vetted
    request.completed_at = timezone.now()
    request.save()
    trainee = request.trainee
    outbox_enqueue(
        recipient=trainee,
        to_email=trainee.email,
        subject=f"{_one_line(request.rater_name)} completed your reference rating",
        # Only that it happened: never the answers, even of a rating the applicant may read.
        body=(
            f"{request.rater_name} completed the reference rating you asked for. Its status is "
            f"on your references page: {settings.WAGTAILADMIN_BASE_URL}{reverse('references_list')}"
        ),
        dedupe_key=_email_key(request, "completed"),
    )
    return request


def _reminder_email(request: ReferenceRequest) -> None:
    name = request.trainee.display_name
    closes = date_format(timezone.localtime(request.expires_at), "j F Y")
    sent = date_format(timezone.localtime(request.sent_at or request.created_at), "j F Y")
    # The token is not stored, so the reminder points to the first email's link.
    body = (
        f"A reminder: {name} asked you on {sent} for a reference rating for their IECMH "
        f"Endorsement application. The link in that email (subject “{name} asks you for a "
        f"reference rating”) works until {closes}.\n\n"
        f"If you cannot find it, ask {name} to send it again."
    )
    outbox_enqueue(
        to_email=request.rater_email,
        subject=f"Reminder: {name}'s reference rating closes on {closes}",
        body=body,
        dedupe_key=_email_key(request, "reminder"),
    )


def rater_reminders_send(*, now=None) -> int:
    """Remind each rater once, ATTUNE_REFERENCE_REMINDER_DAYS before their link closes, if
    they have not answered. Safe to run twice: each row is claimed before its email."""
    now = now or timezone.now()
    soon = now + timedelta(days=settings.ATTUNE_REFERENCE_REMINDER_DAYS)
    due = ReferenceRequest.objects.filter(
        completed_at__isnull=True,
        revoked_at__isnull=True,
        reminded_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=soon,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            request = (
                ReferenceRequest.objects.select_for_update(of=("self",))
                .select_related("trainee")
                .filter(pk=pk, reminded_at__isnull=True, completed_at__isnull=True)
                .first()
            )
            if request is None or request.status_on(now) != ReferenceStatus.WAITING:
                continue
            request.reminded_at = now
            request.save(update_fields=["reminded_at"])
            _reminder_email(request)
            sent += 1
    return sent


def reference_emails_delete(*, request_ids) -> int:
    """The emails sent about these requests (to raters: they name the applicant)."""
    deleted = 0
    for pk in request_ids:
        deleted += OutboxMessage.objects.filter(
            dedupe_key__startswith=email_key_prefix(pk)
        ).delete()[0]
    return deleted
