"""Named predicates for who may do what. Views, templates, viewsets and tests all call these."""

import datetime

from django.conf import settings
from django.utils import timezone

from .enums import MFA_REQUIRED_ROLES, Role


def user_roles(user) -> frozenset[str]:
    """The role names a user holds, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_attune_roles", None)
    if cached is None:
        names = user.groups.filter(name__in=Role.values).values_list("name", flat=True)
        cached = frozenset(names)
        user._attune_roles = cached
    return cached


def user_has_role(user, role: str) -> bool:
    """Whether the user holds the given role."""
    return role in user_roles(user)


def user_is_trainee(user) -> bool:
    return user_has_role(user, Role.TRAINEE)


def user_is_supervisor(user) -> bool:
    return user_has_role(user, Role.SUPERVISOR)


def user_is_coordinator(user) -> bool:
    return user_has_role(user, Role.COORDINATOR)


def user_must_use_mfa(user) -> bool:
    """Supervisors and coordinators must sign in with a second factor.

    Demo staff accounts are exempt only while DEBUG is on, so a demo can be explored locally.
    """
    if not user_is_staff_role(user):
        return False
    return not (settings.DEBUG and getattr(user, "is_demo", False))


def user_is_staff_role(user) -> bool:
    """Supervisors, coordinators and administrators: the people held to stricter session rules."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user_roles(user) & MFA_REQUIRED_ROLES) or user.is_superuser or user.is_staff


def user_can_access_cms(user) -> bool:
    """Coordinators (and superusers) author content in the Wagtail admin; nobody else enters it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user_is_coordinator(user)


def user_can_access_django_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def user_can_manage_assignments(user) -> bool:
    """Coordinators pair trainees with supervisors."""
    return user_can_access_cms(user)


def user_supervises(supervisor, trainee, on: datetime.date | None = None) -> bool:
    """Whether `supervisor` is assigned to `trainee` on the given day (today by default)."""
    from .models import SupervisionAssignment

    if not user_is_supervisor(supervisor):
        return False
    day = on or timezone.localdate()
    return (
        SupervisionAssignment.objects.active_on(day)
        .filter(supervisor=supervisor, trainee=trainee)
        .exists()
    )


def user_can_edit_profile(user, profile) -> bool:
    return bool(getattr(user, "is_authenticated", False) and profile.user_id == user.pk)
