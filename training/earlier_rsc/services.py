"""Writes for earlier RSC: the trainee records and sends it, the provider attests it through a
link, or a coordinator verifies it against the signed document.

Each write checks its own actor: the trainee owns the record; a coordinator must be
responsible for the trainee (the cohorts app answers that through users.responsibility).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from training.notifications.services import outbox_enqueue
from training.providers import links
from training.providers.models import LinkPurpose, OutsideProvider, ProviderLink
from training.records.uploads import certificate_extension, certificate_validate
from training.reflective_logs.signing import sha256_of
from training.users.models import SupervisionAssignment, User
from training.users.permissions import user_is_coordinator
from training.users.responsibility import user_is_responsible_for

from .enums import EDITABLE_STATES, EarlierState
from .models import EarlierRsc

# More than this many hours for each day of the range is a typing mistake, not supervision.
MAX_HOURS_PER_DAY = Decimal(8)
EARLIEST = datetime.date(1980, 1, 1)
FACT_FIELDS = ("provider", "starts_on", "ends_on", "format", "hours", "population", "post_masters")
ATTEST_URL = "earlier_rsc:attest"


def provider_choices(trainee) -> QuerySet:
    """Who may have provided her earlier RSC: an Attune supervisor she was ever paired with, or
    one of her outside providers."""
    supervisors = SupervisionAssignment.objects.filter(trainee=trainee).values("supervisor_id")
    outside = OutsideProvider.objects.filter(trainees=trainee).values("account_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=supervisors) | Q(pk__in=outside))
        .exclude(pk=trainee.pk)
        .order_by("last_name", "first_name", "pk")
    )


def facts_of(record: EarlierRsc) -> dict:
    """What an attestation or verification vouches for."""
    return {
        "record": record.pk,
        "trainee": record.trainee_id,
        "provider": record.provider_id,
        "starts_on": record.starts_on.isoformat(),
        "ends_on": record.ends_on.isoformat(),
        "format": record.format,
        "hours": str(record.hours),
        "population": record.population,
        "post_masters": record.post_masters,
    }


def _validate_facts(*, trainee, provider, starts_on, ends_on, hours, today) -> None:
    errors: dict[str, list[str]] = {}
    if provider is None or not provider_choices(trainee).filter(pk=provider.pk).exists():
        errors["provider"] = [
            "Choose a supervisor you were paired with in Attune, or one of your outside "
            "providers (add them on the outside providers page first)."
        ]
    if ends_on > today:
        errors["ends_on"] = ["The last session cannot be in the future."]
    if starts_on > ends_on:
        errors["starts_on"] = ["The first session must be on or before the last one."]
    if starts_on < EARLIEST:
        errors["starts_on"] = [f"The first session must be after {EARLIEST.year}."]
    if hours is None or hours <= 0:
        errors["hours"] = ["Give the hours as a number above zero, such as 12 or 1.5."]
    elif starts_on <= ends_on:
        days = (ends_on - starts_on).days + 1
        most = MAX_HOURS_PER_DAY * days
        if hours > most:
            errors["hours"] = [
                f"That is more than {MAX_HOURS_PER_DAY} hours for each day of the dates "
                f"given (at most {most:g} hours for {days} day{'s' if days != 1 else ''}). "
                "Check the hours and the dates."
            ]
    if errors:
        raise ValidationError(errors)


def _locked(record_id: int) -> EarlierRsc:
    return (
        EarlierRsc.objects.select_for_update()
        .select_related("trainee", "provider")
        .get(pk=record_id)
    )


def _own(record_id: int, trainee) -> EarlierRsc:
    record = _locked(record_id)
    if record.trainee_id != trainee.pk:
        raise PermissionDenied
    return record


@transaction.atomic
def earlier_rsc_save(
    *,
    trainee,
    record_id: int | None = None,
    provider,
    starts_on: datetime.date,
    ends_on: datetime.date,
    format: str,
    hours: Decimal,
    population: str,
    post_masters: bool,
) -> EarlierRsc:
    """Add a record, or change one still in draft or returned (it is a draft again)."""
    _validate_facts(
        trainee=trainee,
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        today=timezone.localdate(),
    )
    if record_id is None:
        record = EarlierRsc(trainee=trainee)
    else:
        record = _own(record_id, trainee)
        if record.state not in EDITABLE_STATES:
            raise ValidationError(
                "This record was sent on and can no longer be changed here.", code="locked"
            )
    record.provider = provider
    record.starts_on, record.ends_on = starts_on, ends_on
    record.format, record.hours, record.population = format, hours, population
    record.post_masters = post_masters
    record.state = EarlierState.DRAFT
    record.full_clean(exclude=["document", "trainee", "provider"])
    record.save()
    return record


def _sendable(record: EarlierRsc) -> None:
    if record.state not in (*EDITABLE_STATES, EarlierState.WAITING_PROVIDER):
        raise ValidationError(
            "This record is already with a coordinator or has been vouched for.", code="state"
        )


@transaction.atomic
def earlier_rsc_ask_provider(*, record_id: int, trainee) -> ProviderLink:
    """Email the provider a single-use link to attest the record (a new one replaces any
    earlier link)."""
    record = _own(record_id, trainee)
    _sendable(record)
    record.state = EarlierState.WAITING_PROVIDER
    record.returned_reason = ""
    record.save(update_fields=["state", "returned_reason", "updated_at"])
    name = trainee.display_name
    return links.link_send(
        provider=record.provider,
        purpose=LinkPurpose.EARLIER_RSC,
        target_id=record.pk,
        created_by=trainee,
        url_name=ATTEST_URL,
        subject=f"{name} asks you to confirm RSC you provided",
        summary=(
            f"{name} is applying for an infant mental health endorsement through Attune and "
            "has recorded reflective supervision or consultation you provided before "
            "they joined. Please confirm the dates and hours, or decline them with a note."
        ),
    )


@transaction.atomic
def earlier_rsc_upload(*, record_id: int, trainee, document) -> EarlierRsc:
    """Attach the provider's signed document and send the record to a coordinator."""
    record = _own(record_id, trainee)
    _sendable(record)
    if not document:
        raise ValidationError({"document": ["Choose the signed document to upload."]})
    try:
        content_type = certificate_validate(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error
    document.name = f"document{certificate_extension(content_type)}"
    old = record.document.name if record.document else ""
    record.document = document
    record.document_content_type = content_type
    record.state = EarlierState.WAITING_COORDINATOR
    record.returned_reason = ""
    record.save()
    links.links_revoke(purpose=LinkPurpose.EARLIER_RSC, target_id=record.pk)
    if old:
        storage = record.document.storage
        transaction.on_commit(lambda: storage.delete(old))
    return record


def _email_trainee(record: EarlierRsc, *, subject: str, body: str, key: str) -> None:
    outbox_enqueue(
        recipient=record.trainee,
        to_email=record.trainee.email,
        subject=subject,
        body=body,
        dedupe_key=f"earlier-rsc-{record.pk}-{key}",
    )


def _period(record: EarlierRsc) -> str:
    return f"{record.starts_on:%-d %b %Y} to {record.ends_on:%-d %b %Y}"


def _sign(record: EarlierRsc, *, state: str, by) -> None:
    record.state = state
    record.signed_by = by
    record.signed_at = timezone.now()
    record.sha256 = sha256_of(facts_of(record))
    record.returned_reason = ""


@transaction.atomic
def earlier_rsc_attest(*, link: ProviderLink, attest: bool, note: str = "") -> EarlierRsc:
    """The provider, through her link, attests the record or declines it with a note.

    The record is locked first and the link used inside the same transaction, so two
    attestations sent at once make one."""
    if link.purpose != LinkPurpose.EARLIER_RSC:
        raise links.LinkRefused("This link is for something else.")
    record = _locked(link.target_id)
    if record.state != EarlierState.WAITING_PROVIDER or record.provider_id != link.provider_id:
        raise links.LinkRefused("This record is no longer waiting for you.")
    note = (note or "").strip()
    if not attest and not note:
        raise ValidationError({"note": ["Say briefly what is not right, so it can be fixed."]})
    links.link_use(link)
    provider = link.provider
    if attest:
        _sign(record, state=EarlierState.ATTESTED, by=provider)
        record.save()
        _email_trainee(
            record,
            subject="Your earlier RSC was confirmed",
            body=(
                f"{provider.display_name} confirmed your RSC from {_period(record)}. "
                "Those hours now count toward your endorsement where the rules allow.\n"
            ),
            key="attested",
        )
    else:
        record.state = EarlierState.RETURNED
        record.returned_reason = f"{provider.display_name} declined: {note[:2000]}"
        record.save()
        _email_trainee(
            record,
            subject="Your earlier RSC needs a change",
            body=(
                f"{provider.display_name} did not confirm your RSC from {_period(record)}. "
                "Their note is on the record in Attune: correct it and send it again.\n"
            ),
            key=f"declined-{link.pk}",
        )
    return record


def user_coordinates_record(user, record: EarlierRsc) -> bool:
    """A coordinator of one of the trainee's cohorts (cohorts answer who that is), never the
    trainee herself."""
    if not (user.is_active and (user.is_superuser or user_is_coordinator(user))):
        return False
    return user.pk != record.trainee_id and user_is_responsible_for(user, record.trainee)


def _waiting_for_coordinator(record_id: int, coordinator) -> EarlierRsc:
    record = _locked(record_id)
    if not user_coordinates_record(coordinator, record):
        raise PermissionDenied
    if record.state != EarlierState.WAITING_COORDINATOR:
        raise ValidationError("This record is no longer waiting for verification.", code="state")
    return record


@transaction.atomic
def earlier_rsc_verify(*, record_id: int, coordinator, checked_on: datetime.date) -> EarlierRsc:
    """A coordinator checked the signed document on `checked_on`: the hours count."""
    record = _waiting_for_coordinator(record_id, coordinator)
    today = timezone.localdate()
    if checked_on > today or checked_on < record.created_at.date():
        raise ValidationError(
            {
                "checked_on": [
                    "Give the day you checked the document: today or a day since it "
                    "was recorded, not in the future."
                ]
            }
        )
    _sign(record, state=EarlierState.VERIFIED, by=coordinator)
    record.checked_on = checked_on
    record.save()
    _email_trainee(
        record,
        subject="Your earlier RSC was verified",
        body=(
            f"A coordinator checked the signed document for your RSC from {_period(record)}. "
            "Those hours now count toward your endorsement where the rules allow.\n"
        ),
        key="verified",
    )
    return record


@transaction.atomic
def earlier_rsc_return(*, record_id: int, coordinator, reason: str) -> EarlierRsc:
    """A coordinator sends the record back to the trainee with a reason."""
    record = _waiting_for_coordinator(record_id, coordinator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say what the trainee should change."]})
    record.state = EarlierState.RETURNED
    record.returned_reason = reason[:2000]
    record.save()
    _email_trainee(
        record,
        subject="Your earlier RSC was returned",
        body=(
            f"A coordinator returned your RSC from {_period(record)} for a change. "
            "The reason is on the record in Attune.\n"
        ),
        key=f"returned-{record.updated_at.timestamp()}",
    )
    return record
