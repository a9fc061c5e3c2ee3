"""View-shaped reads for the three dashboards."""

from django.utils import timezone

from training.applications.enums import CLOSED_STATUSES, ApplicationStatus
from training.applications.models import Application
from training.applications.selectors import records_waiting_count
from training.cohorts.permissions import trainee_ids_followed_by
from training.cohorts.selectors import cohorts_for, invitations_for
from training.courses import selectors as courses
from training.readiness import selectors as readiness
from training.records.selectors import verifier_panel
from training.reflective_logs import selectors as logs
from training.users.enums import Role
from training.users.mfa import user_has_second_factor
from training.users.models import SupervisionAssignment, User


def trainee_dashboard(*, user: User) -> dict:
    """What a trainee sees first: who supervises them and where they are heading."""
    supervisors = (
        SupervisionAssignment.objects.current()
        .filter(trainee=user)
        .select_related("supervisor")
        .order_by("starts_on")
    )
    mine = readiness.readiness_for(trainee=user)  # the hours panel reads the same evidence
    return (
        {
            "supervisor_assignments": list(supervisors),
            "cohort_invitations": invitations_for(user=user),
        }
        | logs.trainee_dashboard_panel(user=user, rows=mine.evidence.signed_rsc)
        | readiness.trainee_panel(readiness=mine)
        | application_panel(user=user, mine=mine)
        | courses.trainee_dashboard_panel(user=user)
    )


def application_panel(*, user: User, mine: readiness.Readiness) -> dict:
    """The trainee's latest endorsement application and, while she prepares it, the readiness
    verdict against its category (the dashboard's own readiness when that is her target)."""
    latest = (
        Application.objects.filter(trainee=user)
        .select_related("category")
        .order_by("-created_at", "-pk")
        .first()
    )
    target = mine.category
    verdict = None
    if latest is None or latest.status == ApplicationStatus.PREPARING:
        category = latest.category if latest else target
        if category is not None:
            if target is None or category.pk != target.pk:
                mine = readiness.readiness_for(trainee=user, category=category)
            verdict = mine.report
    return {
        "application_panel": {
            "application": latest,
            "open": latest is not None and latest.status not in CLOSED_STATUSES,
            "verdict": verdict,
            "missing": [
                row.label
                for row in readiness.requirement_rows(verdict)
                if row.state != "met" and not row.after_applying
            ],
            "can_start": target is not None
            and (latest is None or latest.status in CLOSED_STATUSES),
        }
    }


def supervisor_dashboard(*, user: User) -> dict:
    """A supervisor's current supervisees."""
    assignments = (
        SupervisionAssignment.objects.current()
        .filter(supervisor=user)
        .select_related("trainee", "trainee__profile")
        .order_by("trainee__last_name", "trainee__first_name")
    )
    return (
        {
            "supervisee_assignments": list(assignments),
            # Only reachable without one where a second factor is not enforced (the demo).
            "second_factor_missing": not user_has_second_factor(user),
        }
        | logs.supervisor_dashboard_panel(user=user)
        | verifier_panel(trainee_ids=trainee_ids_followed_by(user))
    )


def coordinator_dashboard(*, user: User) -> dict:
    """Counts and current pairings of the trainees in the coordinator's cohorts (everyone's
    for a site admin): another cohort's trainees are never named here."""
    today = timezone.localdate()
    trainees = User.objects.filter(is_active=True, groups__name=Role.TRAINEE)
    if not user.is_superuser:
        trainees = trainees.filter(cohorts__coordinators=user)
    trainee_ids = trainees.values("pk")
    people = {
        "trainees": trainees.distinct().count(),
        "supervisors": User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR)
        .distinct()
        .count(),
    }
    current = SupervisionAssignment.objects.active_on(today).filter(trainee__in=trainee_ids)
    paired_trainees = current.values("trainee").distinct().count()
    assignments = current.select_related("supervisor", "trainee").order_by(
        "supervisor__last_name", "trainee__last_name"
    )[:50]

    return (
        {
            "cohorts": list(cohorts_for(user=user)[:20]),
            "trainee_count": people["trainees"],
            "supervisor_count": people["supervisors"],
            "unpaired_count": max(people["trainees"] - paired_trainees, 0),
            "assignments": list(assignments),
        }
        | logs.coordinator_dashboard_panel(trainee_ids=trainee_ids)
        | verifier_panel(trainee_ids=trainee_ids_followed_by(user))
        | {"application_records_waiting": records_waiting_count(trainee_ids=trainee_ids)}
    )
