import datetime

from celery import shared_task
from django.utils import timezone

from training.core.batches import fan_out
from training.users.enums import Role
from training.users.models import User

from .progress import snapshots_refresh


@shared_task
def refresh_progress_snapshots() -> int:
    """Early each day, compute every trainee's snapshot so the first table view is fast too:
    one task per batch of trainees, shared by however many workers there are."""
    today = timezone.localdate()
    ids = list(User.objects.with_role(Role.TRAINEE).values_list("pk", flat=True).order_by("pk"))
    fan_out(refresh_progress_snapshot_batch, ids, today.isoformat())
    return len(ids)


@shared_task
def refresh_progress_snapshot_batch(ids: list[int], day: str) -> int:
    return len(snapshots_refresh(ids, datetime.date.fromisoformat(day)))
