"""View-shaped reads for cohort pages. Never any reflective text."""

from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from training.users.enums import Role
from training.users.models import SupervisionAssignment, User

from .models import Cohort


@dataclass(frozen=True)
class TraineeRow:
    user: User
    discipline: str
    supervisors: tuple[str, ...]


def cohort_trainee_rows(*, cohort: Cohort) -> list[TraineeRow]:
    """One row per trainee, in a fixed number of queries whatever the cohort's size."""
    today = timezone.localdate()
    current = SupervisionAssignment.objects.active_on(today).select_related("supervisor")
    trainees = (
        User.objects.filter(cohorts=cohort)
        .select_related("profile")
        .prefetch_related(
            Prefetch("supervisor_assignments", queryset=current, to_attr="current_assignments")
        )
        .order_by("last_name", "first_name", "email")
    )
    rows = []
    for trainee in trainees:
        profile = getattr(trainee, "profile", None)
        rows.append(
            TraineeRow(
                user=trainee,
                discipline=profile.get_discipline_display()
                if profile and profile.discipline
                else "",
                supervisors=tuple(a.supervisor.display_name for a in trainee.current_assignments),
            )
        )
    return rows


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
