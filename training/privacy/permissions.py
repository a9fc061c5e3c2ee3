from training.users.permissions import user_can_access_cms, user_is_staff_role
from training.users.responsibility import user_is_responsible_for


def user_can_download_export(user, export) -> bool:
    """Only the person an export is about may download it, and only while it is valid."""
    return bool(user.is_authenticated and export.user_id == user.pk and not export.is_expired)


def user_can_erase_user(actor, subject) -> bool:
    """A site admin (superuser) erases anyone but themselves; a coordinator only the trainees
    she is responsible for: members of her cohorts who accepted, holding no staff role."""
    if subject is None or not user_can_access_cms(actor) or actor.pk == subject.pk:
        return False
    if actor.is_superuser:
        return True
    if user_is_staff_role(subject) or not subject.is_active:
        return False
    return user_is_responsible_for(actor, subject)  # cohorts registers its coordinators
