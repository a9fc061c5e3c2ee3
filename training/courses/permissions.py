from training.users.permissions import user_is_coordinator


def user_can_author_courses(user) -> bool:
    """Coordinators (and superusers) write and review courses in the Wagtail admin."""
    return bool(user.is_authenticated and (user.is_superuser or user_is_coordinator(user)))
