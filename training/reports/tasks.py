from celery import shared_task
from django.utils import timezone

from training.users.enums import Role
from training.users.models import User

from .progress import BATCH_SIZE, snapshots_refresh


@shared_task
def refresh_progress_snapshots() -> int:
    """Early each day, compute every trainee's snapshot so the first table view is fast too."""
    today = timezone.localdate()
    ids = list(User.objects.with_role(Role.TRAINEE).values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(ids), BATCH_SIZE):
        snapshots_refresh(ids[start : start + BATCH_SIZE], today)
    return len(ids)
