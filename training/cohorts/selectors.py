"""View-shaped reads for cohort pages. Never any reflective text."""

from collections.abc import Iterator

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from training.applications.models import Application, ApplicationEvent
from training.reports.progress import BATCH_SIZE, ProgressRow, iter_progress_rows
from training.users.enums import Role
from training.users.models import SupervisionAssignment, User

from .models import Cohort, Invitation


def cohort_trainee_rows(*, cohort: Cohort, batch_size: int = BATCH_SIZE) -> Iterator[ProgressRow]:
    """One progress row per trainee of the cohort, in name order, read in batches."""
    ids = (
        User.objects.filter(cohorts=cohort)
        .order_by("last_name", "first_name", "email")
        .values_list("pk", flat=True)
    )

    def joined(batch: list[int]) -> dict:
        return dict(
            cohort.memberships.filter(trainee_id__in=batch).values_list("trainee_id", "joined_at")
        )

    return iter_progress_rows(
        ids.iterator(chunk_size=batch_size), joined=joined, batch_size=batch_size
    )


def supervisors_with_caseload() -> list[User]:
    """Every active supervisor with the number of trainees they currently supervise."""
    today = timezone.localdate()
    active = Q(supervisee_assignments__starts_on__lte=today) & (
        Q(supervisee_assignments__ends_on__isnull=True)
        | Q(supervisee_assignments__ends_on__gte=today)
    )
    supervisors = list(
        User.objects.with_role(Role.SUPERVISOR)
        .annotate(caseload=Count("supervisee_assignments", filter=active, distinct=True))
        .only("first_name", "last_name", "email")
        .prefetch_related("provider_qualifications__category")
        .order_by("last_name", "first_name")
    )
    for supervisor in supervisors:
        current = [
            q
            for q in supervisor.provider_qualifications.all()
            if (q.expires_on is None or q.expires_on >= today)
        ]
        supervisor.qualification = ", ".join(q.basis for q in current)
    return supervisors


def cohorts_for(*, user: User):
    return (
        Cohort.objects.visible_to(user)
        .annotate(
            trainee_count=Count("memberships", distinct=True),
            last_joined=Max("memberships__joined_at"),
        )
        .order_by("-starts_on", "name")
    )


def cohort_pairings(*, cohort: Cohort):
    """The members' pairings that have not ended, for the cohort page (each can be ended)."""
    today = timezone.localdate()
    return (
        SupervisionAssignment.objects.filter(trainee__cohorts=cohort)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("supervisor", "trainee")
        .order_by("trainee__last_name", "trainee__first_name", "starts_on")
    )


def invitations_for(*, user: User) -> list[Invitation]:
    """Cohort invitations waiting for this person's answer (they join only by accepting)."""
    return list(
        Invitation.objects.open()
        .filter(email__iexact=user.email)
        .exclude(cohort__memberships__trainee=user)
        .select_related("cohort")
        .order_by("created_at")
    )


def trainee_applications(*, trainee: User) -> list[Application]:
    """The trainee's endorsement applications, newest first, each with its events and who
    made them (read-only history for the coordinator's application page)."""
    events = ApplicationEvent.objects.select_related("actor").order_by("at", "pk")
    return list(
        Application.objects.filter(trainee=trainee)
        .select_related("category")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("-created_at", "-pk")
    )
