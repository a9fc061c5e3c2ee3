"""View-shaped reads for progress across trainees, each scoped to who is asking."""

from django.utils import timezone

from training.users.models import SupervisionAssignment, User

from .progress import ProgressRow, progress_rows


def supervisee_rows(*, supervisor: User) -> list[ProgressRow]:
    """Progress of everyone the supervisor supervises today, across all cohorts."""
    ids = list(
        SupervisionAssignment.objects.active_on(timezone.localdate())
        .filter(supervisor=supervisor)
        .values_list("trainee_id", flat=True)
        .distinct()
    )
    return progress_rows(ids)
