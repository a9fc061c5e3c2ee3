"""Writes for external training: a trainee records it, a supervisor or coordinator verifies."""

import datetime
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from training.competencies.models import Competency
from training.core.submissions import person_lock

from .enums import TrainingSource
from .models import TrainingRecord
from .uploads import certificate_extension, certificate_validate

# A second identical submission within this time is the same click twice, not new training.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)


@transaction.atomic
def training_record_add_external(
    *,
    trainee,
    title: str,
    sponsor: str,
    evidence_kind: str,
    starts_on: datetime.date | None,
    completed_on: datetime.date,
    hours: Decimal,
    competencies: list[Competency] | None = None,
    dei: bool = False,
    about_rsc: bool = False,
    certificate=None,
) -> TrainingRecord:
    """Record external training, unverified until a supervisor or coordinator checks it."""
    # Identical submissions sent at once queue here, so the second finds the first.
    person_lock(trainee)
    recent = TrainingRecord.objects.filter(
        trainee=trainee,
        source=TrainingSource.EXTERNAL,
        title=title,
        completed_on=completed_on,
        hours=hours,
        created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
    ).first()
    if recent is not None:
        return recent
    record = TrainingRecord(
        trainee=trainee,
        title=title,
        sponsor=sponsor,
        source=TrainingSource.EXTERNAL,
        evidence_kind=evidence_kind,
        starts_on=starts_on,
        completed_on=completed_on,
        hours=hours,
        dei=dei,
        about_rsc=about_rsc,
        verified=False,
    )
    if certificate:
        content_type = certificate_validate(certificate)
        record.certificate_content_type = content_type
        # The stored name is random; only the detected type picks the extension.
        certificate.name = f"certificate{certificate_extension(content_type)}"
        record.certificate = certificate
    record.full_clean(exclude=["certificate"])
    record.save()
    if competencies:
        record.competencies.set(competencies)
    return record


@transaction.atomic
def training_record_verify(*, record: TrainingRecord, verifier) -> TrainingRecord:
    """Accept a record so its hours count. Verifying twice changes nothing."""
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if record.verified:
        return record
    record.verified = True
    record.verified_by = verifier
    record.verified_at = timezone.now()
    record.rejected_at = None
    record.rejected_reason = ""
    record.save(
        update_fields=["verified", "verified_by", "verified_at", "rejected_at", "rejected_reason"]
    )
    return record


@transaction.atomic
def training_record_reject(*, record: TrainingRecord, verifier, reason: str) -> TrainingRecord:
    """Decline a record, telling the trainee why; its hours do not count."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Please tell the trainee why."})
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if record.verified:
        raise ValidationError("This training is already verified.")
    record.rejected_at = timezone.now()
    record.rejected_reason = reason
    record.verified_by = verifier
    record.save(update_fields=["rejected_at", "rejected_reason", "verified_by"])
    return record
