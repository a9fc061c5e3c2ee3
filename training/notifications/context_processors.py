from django.utils.functional import SimpleLazyObject

from .services import notifications_unread_count


def notifications(request) -> dict:
    """The signed-in person's unread count for the navigation, read only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: notifications_unread_count(user=user))}
