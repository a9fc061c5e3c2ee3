"""Reads of training records for the verification queue."""

from .enums import TrainingSource
from .models import TrainingRecord


def records_awaiting_verification(*, trainee_ids: set[int] | None):
    """External training of these trainees waiting for a check (everyone's when None)."""
    pending = TrainingRecord.objects.pending().filter(source=TrainingSource.EXTERNAL)
    if trainee_ids is not None:
        pending = pending.filter(trainee_id__in=trainee_ids)
    return (
        pending.select_related("trainee")
        .prefetch_related("competencies")
        .order_by("created_at", "pk")
    )


def verifier_panel(*, trainee_ids: set[int] | None) -> dict:
    """How much external training waits for this supervisor's or coordinator's check."""
    return {"verification_waiting": records_awaiting_verification(trainee_ids=trainee_ids).count()}
