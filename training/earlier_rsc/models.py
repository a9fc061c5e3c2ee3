"""RSC a trainee received before she joined Attune, vouched for by its provider or a coordinator.

Once attested (by the provider through an emailed link) or verified (by a coordinator against a
signed document the trainee uploaded) a record is locked: services refuse changes and database
triggers (`locks.py`) refuse them whatever path they take.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from training.core.files import private_storage

from .enums import LOCKED_STATES, WAITING_STATES, EarlierFormat, EarlierState, Population


def document_path(instance, filename: str) -> str:
    """A random name: the trainee's file name never reaches the disk or a URL."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"earlier-rsc/{uuid.uuid4().hex}{suffix}"


class EarlierRscQuerySet(models.QuerySet):
    def waiting_for_coordinator(self) -> "EarlierRscQuerySet":
        return self.filter(state=EarlierState.WAITING_COORDINATOR)

    def evidence(self) -> "EarlierRscQuerySet":
        """Vouched for, or waiting to be: what readiness reads."""
        return self.filter(state__in=[*LOCKED_STATES, *WAITING_STATES])


class EarlierRsc(models.Model):
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="earlier_rsc"
    )
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="earlier_rsc_provided",
        help_text="An Attune supervisor you were paired with, or one of your outside providers.",
    )
    starts_on = models.DateField("first session")
    ends_on = models.DateField("last session")
    format = models.CharField(max_length=10, choices=EarlierFormat.choices)
    hours = models.DecimalField(
        max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    population = models.CharField("population served", max_length=4, choices=Population.choices)
    post_masters = models.BooleanField("received after your master's degree", default=False)
    document = models.FileField(
        "signed document",
        storage=private_storage,
        upload_to=document_path,
        blank=True,
        max_length=200,
    )
    document_content_type = models.CharField(max_length=50, blank=True)
    state = models.CharField(max_length=20, choices=EarlierState.choices, default="draft")
    # Who vouched (the provider or the coordinator), when, and the facts' hash at that moment.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    checked_on = models.DateField(
        "date the coordinator checked the document", null=True, blank=True
    )
    sha256 = models.CharField(max_length=64, blank=True)
    returned_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EarlierRscQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = "earlier RSC record"

    def __str__(self) -> str:
        return f"Earlier RSC #{self.pk}"

    @property
    def locked(self) -> bool:
        return self.state in LOCKED_STATES

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def signed_off(self) -> bool:
        return self.state in LOCKED_STATES
