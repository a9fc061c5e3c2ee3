"""Who may act on a cohort, and the relations cohorts own ("coordinates this trainee").

Other apps' views import these predicates; their models and services never do."""

from training.users.models import SupervisionAssignment
from training.users.permissions import (
    user_can_access_cms,
    user_is_coordinator,
    user_is_supervisor,
    user_supervises,
)

from .models import CohortMembership


def user_can_manage_cohorts(user) -> bool:
    """Coordinators run cohorts."""
    return user_can_access_cms(user)


def user_can_view_cohort(user, cohort) -> bool:
    """A coordinator sees only the cohorts they run; a site-wide admin sees all."""
    if not user_can_manage_cohorts(user):
        return False
    return user.is_superuser or cohort.coordinators.filter(pk=user.pk).exists()


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_coordinates_trainee(user, trainee) -> bool:
    """A coordinator of a cohort the trainee belongs to (a site-wide admin counts too)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if not user_is_coordinator(user):
        return False
    return CohortMembership.objects.filter(trainee=trainee, cohort__coordinators=user).exists()


def user_can_follow_trainee(user, trainee) -> bool:
    """The trainee, their current supervisor, and coordinators of their cohorts may follow a
    trainee's readiness and the training records behind it."""
    if not _active(user) or trainee is None:
        return False
    if user.pk == trainee.pk:
        return True
    return user_supervises(user, trainee) or user_coordinates_trainee(user, trainee)


def trainee_ids_followed_by(user) -> set[int] | None:
    """The trainees whose progress this supervisor or coordinator follows; None for a site-wide
    admin, who follows everyone."""
    if user.is_superuser:
        return None
    ids: set[int] = set()
    if user_is_supervisor(user):
        current = SupervisionAssignment.objects.current().filter(supervisor=user)
        ids |= set(current.values_list("trainee_id", flat=True))
    if user_is_coordinator(user):
        members = CohortMembership.objects.filter(cohort__coordinators=user)
        ids |= set(members.values_list("trainee_id", flat=True))
    ids.discard(user.pk)
    return ids
