"""Writes for external training: a trainee records it, a supervisor or coordinator verifies."""

import datetime
import logging
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from training.core.queue import enqueue_after_commit
from training.core.submissions import person_lock

from .enums import ExportStatus, TrainingSource
from .models import Competency, PortfolioExport, TrainingRecord
from .uploads import certificate_extension, certificate_validate

logger = logging.getLogger(__name__)

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


@transaction.atomic
def portfolio_request(*, trainee) -> "PortfolioExport":
    """Start building a portfolio; reuse one already being prepared (double clicks)."""
    from .tasks import build_portfolio

    person_lock(trainee)
    pending = PortfolioExport.objects.filter(trainee=trainee, status=ExportStatus.PENDING).first()
    if pending is not None:
        return pending
    profile = getattr(trainee, "profile", None)
    export = PortfolioExport.objects.create(
        trainee=trainee, category=profile.target_category if profile else None
    )
    enqueue_after_commit(build_portfolio, export.pk)
    return export


def portfolio_build(*, export_id: int) -> "PortfolioExport | None":
    """Write the zip for a pending export. Running it twice does nothing more."""
    from django.core.files.base import ContentFile

    from .portfolio import portfolio_zip

    with transaction.atomic():
        # Lock only the export row: PostgreSQL refuses FOR UPDATE across a nullable join.
        export = (
            PortfolioExport.objects.select_for_update(of=("self",))
            .select_related("trainee", "category")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status != ExportStatus.PENDING:
            return export
        try:
            content = portfolio_zip(trainee=export.trainee, category=export.category)
        except Exception:
            # Say so on the page rather than leave it "being prepared" for ever.
            logger.exception("Portfolio %s could not be built", export.pk)
            export.status = ExportStatus.FAILED
            export.finished_at = timezone.now()
            export.save(update_fields=["status", "finished_at"])
            return export
        export.file.save(f"portfolio-{export.pk}.zip", ContentFile(content), save=False)
        export.status = ExportStatus.READY
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "finished_at"])
    return export


# Reminders go this many days before the renewal date (each once per renewal), nearest first.
RENEWAL_REMINDER_DAYS = (14, 60)


def renewal_reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue a reminder for each held endorsement whose renewal is near; returns how many."""
    from django.conf import settings
    from django.urls import reverse

    from training.notifications.services import outbox_enqueue
    from training.users.models import Profile

    from .selectors import renewal_due_on

    today = today or timezone.localdate()
    link = settings.WAGTAILADMIN_BASE_URL + reverse("competencies_readiness")
    sent = 0
    profiles = Profile.objects.filter(
        endorsement_held__isnull=False, endorsed_on__isnull=False, user__is_active=True
    ).select_related("user", "endorsement_held")
    for profile in profiles.iterator():
        due = renewal_due_on(profile.endorsed_on, today)
        days_left = (due - today).days
        for threshold in RENEWAL_REMINDER_DAYS:
            if days_left > threshold:
                continue
            with transaction.atomic():
                message = outbox_enqueue(
                    recipient=profile.user,
                    to_email=profile.user.email,
                    subject="Your endorsement renewal is coming up",
                    body=(
                        f"Your {profile.endorsement_held.code} endorsement renews on "
                        f"{due:%d %b %Y}. See what you still need at {link}"
                    ),
                    dedupe_key=f"renewal-{profile.user_id}-{due.isoformat()}-{threshold}",
                )
            sent += message is not None
            break  # only the nearest threshold's reminder today
    return sent
