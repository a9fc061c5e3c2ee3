"""Writes for the competencies reference data: reminders that an RSC provider's vetting lapses."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from training.notifications.services import outbox_enqueue
from training.users.enums import Role
from training.users.models import User

from .models import ProviderQualification


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
