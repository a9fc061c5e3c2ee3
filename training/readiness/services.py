"""Writes for readiness: portfolios built in the background, renewal reminders, reminders that an
RSC provider's vetting lapses."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from training.competencies.models import ProviderQualification
from training.core.queue import enqueue_after_commit
from training.core.submissions import person_lock
from training.notifications.services import outbox_enqueue
from training.users.enums import Role
from training.users.models import Profile, User

from . import tasks
from .engine import renewal_due_on
from .enums import ExportStatus
from .models import PortfolioExport
from .portfolio import portfolio_zip

logger = logging.getLogger(__name__)


@transaction.atomic
def portfolio_request(*, trainee) -> "PortfolioExport":
    """Start building a portfolio; reuse one already being prepared (double clicks)."""
    person_lock(trainee)
    pending = PortfolioExport.objects.filter(trainee=trainee, status=ExportStatus.PENDING).first()
    if pending is not None:
        return pending
    profile = getattr(trainee, "profile", None)
    export = PortfolioExport.objects.create(
        trainee=trainee, category=profile.target_category if profile else None
    )
    enqueue_after_commit(tasks.build_portfolio, export.pk)
    return export


def portfolio_build(*, export_id: int) -> "PortfolioExport | None":
    """Write the zip for a pending export. Running it twice does nothing more."""
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
    today = today or timezone.localdate()
    link = settings.WAGTAILADMIN_BASE_URL + reverse("readiness")
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


def vetting_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell every coordinator, once per vetting and expiry date, that a provider's vetting for a
    category lapses within `VETTING_REMINDER_DAYS`. Returns how many messages were queued."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.VETTING_REMINDER_DAYS)
    lapsing = (
        ProviderQualification.objects.filter(
            vetted_by_association=True, expires_on__gte=today, expires_on__lte=horizon
        )
        .select_related("supervisor", "category")
        .order_by("expires_on", "pk")
    )
    coordinators = list(User.objects.with_role(Role.COORDINATOR).filter(is_active=True))
    sent = 0
    for vetting in lapsing:
        link = settings.WAGTAILADMIN_BASE_URL + reverse(
            "provider_qualifications:edit", args=[vetting.pk]
        )
        for coordinator in coordinators:
            with transaction.atomic():
                message = outbox_enqueue(
                    recipient=coordinator,
                    to_email=coordinator.email,
                    subject="An RSC provider's vetting lapses soon",
                    body=(
                        f"{vetting.supervisor.display_name}'s vetting to provide RSC for "
                        f"{vetting.category.code} lapses on {vetting.expires_on:%d %b %Y}. "
                        "After that day their RSC no longer counts toward it. Renew or record "
                        f"the lapse at {link}"
                    ),
                    dedupe_key=(
                        f"vetting-lapse-{vetting.pk}-{vetting.expires_on.isoformat()}"
                        f"-{coordinator.pk}"
                    ),
                )
            sent += message is not None
    return sent
