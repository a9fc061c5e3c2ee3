"""Providers of RSC who hold no Attune account of their own, and the links they act through.

An outside provider is a person, so Attune gives them a user row that signs in with nothing
(no password, no role): sessions, sign-offs and the provider registry name that row exactly as
they name a supervisor. They act only through a link emailed to them, after a one-time code
sent to the same address. Setting a password later (through "forgot password" for the same
address, which proves it) turns the row into an account that shows them their history.
"""

from django.conf import settings
from django.db import models

from training.competencies.models import EndorsementCategory


class OutsideProvider(models.Model):
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outside_provider"
    )
    category = models.ForeignKey(
        EndorsementCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="endorsement held or vetted for",
    )
    vetted = models.BooleanField(
        "vetted by the association (rather than endorsed)",
        default=False,
        help_text="The association vetted this provider to provide RSC for the category.",
    )
    endorsement_number = models.CharField("endorsement or vetting number", max_length=50)
    association = models.CharField(
        "association that endorsed or vetted them",
        max_length=200,
        help_text="For example the state's infant mental health association.",
    )
    # The trainees who may choose this provider for their sessions.
    trainees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="outside_providers", blank=True
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A coordinator checked the number against the association's public registry.
    registry_checked_on = models.DateField(null=True, blank=True)
    registry_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["account__last_name", "account__first_name", "pk"]

    def __str__(self) -> str:
        return f"{self.account.display_name} (outside provider)"

    @property
    def is_verified(self) -> bool:
        return self.registry_checked_on is not None

    @property
    def credential(self) -> str:
        basis = "vetted for" if self.vetted else "endorsed"
        code = self.category.code if self.category_id else "category not given"
        return f"{basis} {code}, no. {self.endorsement_number}, {self.association}"


class LinkPurpose(models.TextChoices):
    LOG_REVIEW = "log_review", "Review a reflective log"
    EARLIER_RSC = "earlier_rsc", "Attest earlier RSC"


class ProviderLink(models.Model):
    """One emailed link: for one provider, one purpose, one record. Only hashes are stored.

    It opens nothing until the one-time code sent to the same address is confirmed in the
    browser that opened it; it closes when used for its purpose, revoked, expired, locked after
    too many wrong codes, or when the provider's address is no longer the one it was sent to.
    """

    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="provider_links"
    )
    purpose = models.CharField(max_length=20, choices=LinkPurpose.choices)
    target_id = models.PositiveBigIntegerField()
    email = models.EmailField("sent to")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    # The current one-time code (hash), when it was sent, and how it has been tried.
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    codes_sent = models.PositiveSmallIntegerField(default=0)
    code_failures = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["purpose", "target_id"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link #{self.pk}"
