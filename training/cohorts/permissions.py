from training.users.permissions import user_can_access_cms


def user_can_manage_cohorts(user) -> bool:
    """Coordinators run cohorts."""
    return user_can_access_cms(user)


def user_can_view_cohort(user, cohort) -> bool:
    """A coordinator sees only the cohorts they run; a site-wide admin sees all."""
    if not user_can_manage_cohorts(user):
        return False
    return user.is_superuser or cohort.coordinators.filter(pk=user.pk).exists()
