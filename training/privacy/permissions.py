from training.users.enums import Role
from training.users.permissions import user_can_access_cms, user_has_role


def user_can_download_export(user, export) -> bool:
    """Only the person an export is about may download it, and only while it is valid."""
    return bool(user.is_authenticated and export.user_id == user.pk and not export.is_expired)


def user_can_erase_user(actor, subject) -> bool:
    """Coordinators erase trainees and supervisors; coordinators and admins need a superuser."""
    if not user_can_access_cms(actor) or actor.pk == subject.pk:
        return False
    if subject.is_superuser or user_has_role(subject, Role.COORDINATOR):
        return actor.is_superuser
    return True
