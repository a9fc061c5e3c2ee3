"""View-shaped reads for cohort pages. Never any reflective text."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from training.users.enums import Role
from training.users.models import SupervisionAssignment, User

from .models import Cohort

BATCH_SIZE = 500


@dataclass(frozen=True)
class TraineeRow:
    """One trainee's line in a cohort table and its exports: figures only, never log text."""

    user: User
    discipline: str
    supervisors: tuple[str, ...]
    joined_on: object

    # Column headings and values, in order, for the CSV and XLSX exports.
    EXPORT_HEADINGS = ("Name", "Email", "Discipline", "Supervisors", "Joined")

    def export_values(self) -> tuple:
        return (
            self.user.display_name,
            self.user.email,
            self.discipline,
            "; ".join(self.supervisors),
            self.joined_on,
        )


def _trainee_batch(cohort: Cohort, ids: list[int]) -> list[TraineeRow]:
    today = timezone.localdate()
    current = SupervisionAssignment.objects.active_on(today).select_related("supervisor")
    trainees = (
        User.objects.filter(pk__in=ids)
        .select_related("profile")
        .prefetch_related(
            Prefetch("supervisor_assignments", queryset=current, to_attr="current_assignments")
        )
    )
    joined = dict(
        cohort.memberships.filter(trainee_id__in=ids).values_list("trainee_id", "joined_at")
    )
    by_id = {t.pk: t for t in trainees}
    rows = []
    for pk in ids:
        trainee = by_id[pk]
        profile = getattr(trainee, "profile", None)
        rows.append(
            TraineeRow(
                user=trainee,
                discipline=profile.get_discipline_display()
                if profile and profile.discipline
                else "",
                supervisors=tuple(a.supervisor.display_name for a in trainee.current_assignments),
                joined_on=joined[pk].date(),
            )
        )
    return rows


def cohort_trainee_rows(*, cohort: Cohort, batch_size: int = BATCH_SIZE) -> Iterator[TraineeRow]:
    """One row per trainee, in name order, read in batches.

    The queries grow with the number of batches, never with the number of trainees in one, and
    memory stays flat however large the cohort is.
    """
    ids = (
        User.objects.filter(cohorts=cohort)
        .order_by("last_name", "first_name", "email")
        .values_list("pk", flat=True)
    )
    batch: list[int] = []
    for pk in ids.iterator(chunk_size=batch_size):
        batch.append(pk)
        if len(batch) == batch_size:
            yield from _trainee_batch(cohort, batch)
            batch = []
    if batch:
        yield from _trainee_batch(cohort, batch)


def supervisors_with_caseload() -> list[User]:
    """Every active supervisor with the number of trainees they currently supervise."""
    today = timezone.localdate()
    active = Q(supervisee_assignments__starts_on__lte=today) & (
        Q(supervisee_assignments__ends_on__isnull=True)
        | Q(supervisee_assignments__ends_on__gte=today)
    )
    return list(
        User.objects.with_role(Role.SUPERVISOR)
        .annotate(caseload=Count("supervisee_assignments", filter=active, distinct=True))
        .order_by("last_name", "first_name")
    )


def cohorts_for(*, user: User):
    return (
        Cohort.objects.visible_to(user)
        .annotate(
            trainee_count=Count("memberships", distinct=True),
            last_joined=Max("memberships__joined_at"),
        )
        .order_by("-starts_on", "name")
    )
